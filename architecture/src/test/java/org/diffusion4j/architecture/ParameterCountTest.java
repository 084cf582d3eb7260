package org.diffusion4j.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.codeUnits;

import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;

/** Limits on the shape of the code itself. */
@AnalyzeClasses(packages = "org.diffusion4j", importOptions = ImportOption.DoNotIncludeTests.class)
class ParameterCountTest {

    static final int MAX_PARAMETERS = 7;

    /**
     * More than seven parameters are more than a caller can keep in order, and usually several that travel together:
     * group them into a record (a config, a spec) instead. A record's canonical constructor is exempt, since a record's
     * components are its parameters and a record is the remedy; so is whatever the compiler writes (lambda bodies,
     * bridges, accessors and the constructors of anonymous classes).
     */
    @ArchTest
    static final ArchRule no_method_or_constructor_takes_more_than_seven_parameters = codeUnits()
            .that(areWrittenInTheSource())
            .and(DescribedPredicate.not(areCanonicalRecordConstructors()))
            .should(haveAtMostParameters(MAX_PARAMETERS))
            .because("long parameter lists belong in a record");

    private static DescribedPredicate<JavaCodeUnit> areWrittenInTheSource() {
        return DescribedPredicate.describe("are written in the source", unit ->
                !unit.getModifiers().contains(JavaModifier.SYNTHETIC)
                        && !unit.getModifiers().contains(JavaModifier.BRIDGE)
                        && !unit.getName().startsWith("lambda$")
                        && !(unit.isConstructor() && unit.getOwner().isAnonymousClass()));
    }

    /** A record's canonical constructor: exactly the record components' types, in order. */
    private static DescribedPredicate<JavaCodeUnit> areCanonicalRecordConstructors() {
        return DescribedPredicate.describe("are canonical record constructors", unit -> {
            if (!unit.isConstructor() || !unit.getOwner().isRecord()) {
                return false;
            }
            // ArchUnit does not expose record components: ask the loaded class (loading does not initialise it).
            RecordComponent[] components = unit.getOwner().reflect().getRecordComponents();
            List<Class<?>> componentTypes = Arrays.stream(components).<Class<?>>map(RecordComponent::getType).toList();
            List<Class<?>> parameterTypes = unit.getRawParameterTypes().stream().<Class<?>>map(JavaClass::reflect).toList();
            return componentTypes.equals(parameterTypes);
        });
    }

    private static ArchCondition<JavaCodeUnit> haveAtMostParameters(int max) {
        return new ArchCondition<>("have at most " + max + " parameters") {
            @Override
            public void check(JavaCodeUnit unit, ConditionEvents events) {
                int count = declaredParameterCount(unit);
                if (count > max) {
                    events.add(SimpleConditionEvent.violated(unit, unit.getDescription() + " has " + count
                            + " parameters (at most " + max + ") in " + unit.getSourceCodeLocation()));
                }
            }
        };
    }

    /**
     * The parameters the source declares: the byte code's, less the enum constant's name and ordinal that javac puts
     * before an enum constructor's and the enclosing instance it puts before an inner member class's. (A local class's
     * constructor also receives the variables it captures; those still count.)
     */
    static int declaredParameterCount(JavaCodeUnit unit) {
        int count = unit.getRawParameterTypes().size();
        if (unit.isConstructor()) {
            JavaClass owner = unit.getOwner();
            if (owner.isEnum()) {
                count -= 2;
            } else if (owner.isInnerClass() && !owner.isLocalClass() && !owner.isAnonymousClass()) {
                count -= 1;
            }
        }
        return count;
    }
}
