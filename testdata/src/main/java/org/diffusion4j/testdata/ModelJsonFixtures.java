package org.diffusion4j.testdata;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * model.json files as earlier versions wrote them, committed so that a change to how run folders are read is checked
 * against real files rather than against what the new code writes. {@code demo}, {@code cond}, {@code dit} and
 * {@code vit} were written by {@code train} before the architectures became registrations (issue 33): an
 * unconditional and a conditional U-Net, the dit preset and the vit preset. {@code unet-untagged} is the shape runs
 * had before transformers and class labels existed, with no "architecture" and no "classes".
 */
public final class ModelJsonFixtures {

    /** The fixtures' names, each a file {@code NAME.json}. */
    public static final List<String> NAMES = List.of("demo", "cond", "dit", "vit", "unet-untagged");
    private static final String RESOURCES = "/org/diffusion4j/testdata/model-json/";

    private ModelJsonFixtures() {
    }

    /**
     * The text of one fixture, as the run wrote it.
     *
     * @param name one of {@link #NAMES}
     * @return the file's UTF-8 text
     */
    public static String read(String name) {
        if (!NAMES.contains(name)) {
            throw new IllegalArgumentException("no model.json fixture " + name + "; there are " + NAMES);
        }
        try (InputStream in = ModelJsonFixtures.class.getResourceAsStream(RESOURCES + name + ".json")) {
            if (in == null) {
                throw new IllegalStateException("fixture " + RESOURCES + name + ".json is missing from the testdata jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
