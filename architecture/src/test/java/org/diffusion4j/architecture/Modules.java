package org.diffusion4j.architecture;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import com.tngtech.archunit.core.domain.JavaClass;

/** The modules as docs/ARCHITECTURE.md names them; module {@code m}'s classes live in {@code org.diffusion4j.m..}. */
final class Modules {

    static final String ROOT = "org.diffusion4j";

    /** Every module with main code, testdata (test scope only) included. */
    static final List<String> ALL = List.of("core", "datasets", "models", "evaluation", "training", "bench", "interop",
            "api", "cli", "testdata");

    private Modules() {
    }

    /** The package pattern of a module: {@code org.diffusion4j.<module>..}. */
    static String packageOf(String module) {
        return ROOT + "." + module + "..";
    }

    static String[] packagesOf(String... modules) {
        return Arrays.stream(modules).map(Modules::packageOf).toArray(String[]::new);
    }

    /** The package patterns of every module but {@code module} itself and the ones it may use. */
    static String[] packagesOfAllBut(String module, String... mayUse) {
        Set<String> others = new LinkedHashSet<>(ALL);
        others.remove(module);
        others.removeAll(List.of(mayUse));
        return packagesOf(others.toArray(String[]::new));
    }

    /** The module a class belongs to: the package segment after {@code org.diffusion4j}, or "" outside the project. */
    static String moduleOf(JavaClass javaClass) {
        String name = javaClass.getPackageName();
        if (!name.startsWith(ROOT + ".")) {
            return "";
        }
        String rest = name.substring(ROOT.length() + 1);
        int dot = rest.indexOf('.');
        return dot < 0 ? rest : rest.substring(0, dot);
    }
}
