package org.diffusion4j.interop.safety;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/** A SavedModel that would run file, process or network ops was refused before loading. */
public final class UnsafeModelException extends IllegalArgumentException {

    private final List<SafetyScan.Finding> findings;

    public UnsafeModelException(Path directory, List<SafetyScan.Finding> findings) {
        super("refusing to load SavedModel " + directory + ": it would run ops that reach outside the model: "
                + findings.stream().limit(5).map(Object::toString).collect(Collectors.joining(", "))
                + (findings.size() > 5 ? " and " + (findings.size() - 5) + " more" : "")
                + "; pass --trust-model only if you trust whoever wrote it");
        this.findings = List.copyOf(findings);
    }

    public List<SafetyScan.Finding> findings() {
        return findings;
    }
}
