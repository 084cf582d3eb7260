package org.diffusion4j.training;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.diffusion4j.models.graph.Sessions;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.summary.SummaryWriter;
import org.tensorflow.op.summary.WriteImageSummary;
import org.tensorflow.proto.Event;
import org.tensorflow.proto.SessionLog;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TString;
import org.tensorflow.types.TUint8;

/**
 * Writes TensorBoard event files with TensorFlow's own summary ops, so the files are exactly what
 * TensorBoard expects (framing, CRCs, file-version record) without a Java reimplementation. The writer
 * lives in its own small graph and session: the training graph stays as it is, and turning TensorBoard
 * off changes nothing in training.
 */
public final class TensorBoardLog implements AutoCloseable {

    private final Path directory;
    private final Graph graph;
    private final Session session;
    private final Placeholder<TString> tag;
    private final Placeholder<TInt64> step;
    private final Placeholder<TFloat32> value;
    private final Placeholder<TUint8> image;
    private final Placeholder<TString> event;
    private final Op writeScalar;
    private final Op writeImage;
    private final Op importEvent;
    private final Op flush;
    private final Op closeWriter;
    private boolean closed;

    /** Opens a new event file in {@code directory} (created if missing); earlier files there are kept. */
    public TensorBoardLog(Path directory) {
        this.directory = directory;
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("could not create " + directory + ": " + e.getMessage(), e);
        }
        this.graph = new Graph();
        Session opened = null;
        try {
            Ops tf = Ops.create(graph);
            // Resources live per session, so a fixed name cannot clash with another log's writer.
            SummaryWriter writer = tf.summary.summaryWriter(SummaryWriter.sharedName("tensorboard_log"));
            // Queue up to 100 events and flush at least every 10 s, so a crash loses little and steps stay cheap.
            // TensorFlow's file names (time, host, pid, a counter) already differ per writer; the suffix only says who
            // wrote the file (an empty one would leave a trailing dot).
            Op create = tf.summary.createSummaryFileWriter(writer, tf.constant(directory.toAbsolutePath().toString()),
                    tf.constant(100), tf.constant(10_000), tf.constant(".d4j"));
            this.tag = tf.withName("tag").placeholder(TString.class, Placeholder.shape(Shape.scalar()));
            this.step = tf.withName("step").placeholder(TInt64.class, Placeholder.shape(Shape.scalar()));
            this.value = tf.withName("value").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
            this.image = tf.withName("image").placeholder(TUint8.class, Placeholder.shape(Shape.of(1, -1, -1, -1)));
            this.event = tf.withName("event").placeholder(TString.class, Placeholder.shape(Shape.scalar()));
            this.writeScalar = tf.summary.writeScalarSummary(writer, step, tag, value);
            // The colour for non-finite pixels only matters for float images; ours are bytes already.
            Operand<TUint8> badColor = tf.constant(Shape.of(4), DataBuffers.of(new byte[] {(byte) 255, 0, 0, (byte) 255}, true, false));
            this.writeImage = tf.summary.writeImageSummary(writer, step, tag, image, badColor,
                    WriteImageSummary.maxImages(1L));
            this.importEvent = tf.summary.importEvent(writer, event);
            this.flush = tf.summary.flushSummaryWriter(writer);
            this.closeWriter = tf.summary.closeSummaryWriter(writer);
            // One thread: summaries are tiny, and training owns the cores.
            opened = Sessions.create(graph, 1);
            run(opened.runner().addTarget(create));
        } catch (RuntimeException e) {
            if (opened != null) {
                opened.close();
            }
            graph.close();
            throw e;
        }
        this.session = opened;
    }

    public Path directory() {
        return directory;
    }

    /** One point of the scalar series {@code tag}. */
    public void scalar(String tagName, long stepNumber, double number) {
        try (TString t = TString.scalarOf(tagName);
             TInt64 s = TInt64.scalarOf(stepNumber);
             TFloat32 v = TFloat32.scalarOf((float) number)) {
            run(session.runner().feed(tag, t).feed(step, s).feed(value, v).addTarget(writeScalar));
        }
    }

    /**
     * A picture (greyscale or RGB) under {@code tag}; TensorFlow encodes it as PNG. TensorFlow names the
     * series {@code tag + "/image"}.
     */
    public void image(String tagName, long stepNumber, BufferedImage picture) {
        int channels = picture.getRaster().getNumBands();
        int width = picture.getWidth();
        int height = picture.getHeight();
        int[] samples = picture.getRaster().getPixels(0, 0, width, height, (int[]) null);
        byte[] bytes = new byte[samples.length];
        for (int i = 0; i < samples.length; i++) {
            bytes[i] = (byte) samples[i];
        }
        image(tagName, stepNumber, bytes, height, width, channels);
    }

    /** Pixels as bytes in row-major HWC order (1, 3 or 4 channels). */
    public void image(String tagName, long stepNumber, byte[] pixels, int height, int width, int channels) {
        if ((long) height * width * channels != pixels.length) {
            throw new IllegalArgumentException("a " + height + "x" + width + "x" + channels + " image needs "
                    + (long) height * width * channels + " bytes, got " + pixels.length);
        }
        try (TString t = TString.scalarOf(tagName);
             TInt64 s = TInt64.scalarOf(stepNumber);
             TUint8 p = TUint8.tensorOf(Shape.of(1, height, width, channels), DataBuffers.of(pixels, true, false))) {
            run(session.runner().feed(tag, t).feed(step, s).feed(image, p).addTarget(writeImage));
        }
    }

    /**
     * Marks a (re)start: TensorBoard drops the points of earlier event files at {@code firstNewStep} or
     * later, which a killed session wrote after its last checkpoint, so a resumed run does not draw them twice.
     */
    public void sessionStart(long firstNewStep) {
        Event start = Event.newBuilder()
                .setWallTime(System.currentTimeMillis() / 1000.0)
                .setStep(firstNewStep)
                .setSessionLog(SessionLog.newBuilder().setStatus(SessionLog.SessionStatus.START))
                .build();
        try (TString e = TString.tensorOfBytes(NdArrays.scalarOfObject(start.toByteArray()))) {
            run(session.runner().feed(event, e).addTarget(importEvent));
        }
    }

    /** Writes what is queued to disk, so TensorBoard sees it now. */
    public void flush() {
        run(session.runner().addTarget(flush));
    }

    /** Flushes and closes the event file, then frees the session and graph. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            run(session.runner().addTarget(closeWriter));
        } finally {
            session.close();
            graph.close();
        }
    }

    /** Runs targets only; the (empty) Result is still native memory to free. */
    private static void run(Session.Runner runner) {
        try (Result ignored = runner.run()) {
            // nothing to fetch
        }
    }
}
