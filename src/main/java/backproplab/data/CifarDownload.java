package backproplab.data;

import ai.djl.Application;
import ai.djl.basicdataset.BasicDatasets;
import ai.djl.repository.Artifact;
import ai.djl.repository.MRL;
import ai.djl.repository.Repository;
import ai.djl.training.util.ProgressBar;
import backproplab.util.UserError;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;

/**
 * CIFAR-10 from DJL's dataset repository (the files DJL basicdataset's {@code Cifar10} uses),
 * downloaded once into DJL's cache, then checked like a local copy.
 */
public final class CifarDownload {

    private static final String ARTIFACT_ID = "cifar10";
    private static final String VERSION = "1.0";

    private CifarDownload() {}

    /** Downloads (or finds in DJL's cache) CIFAR-10 from DJL's repository. */
    public static CifarFiles.Records fetch() {
        return fetch(BasicDatasets.REPOSITORY);
    }

    static CifarFiles.Records fetch(Repository repository) {
        MRL mrl = repository.dataset(Application.CV.ANY, BasicDatasets.GROUP_ID, ARTIFACT_ID, VERSION);
        try {
            Artifact artifact = mrl.getDefaultArtifact();
            if (artifact == null) {
                throw new IOException("the repository " + repository.getBaseUri() + " has no CIFAR-10");
            }
            mrl.prepare(artifact, new ProgressBar());
            return new CifarFiles.Records(
                    split(mrl, artifact, "data_batch.bin", CifarFiles.TRAIN_RECORDS),
                    split(mrl, artifact, "test_batch.bin", CifarFiles.TEST_RECORDS));
        } catch (IOException e) {
            throw new UserError("downloading CIFAR-10 from " + repository.getBaseUri().getHost() + " failed: "
                    + why(e) + ": point -Ddata at a folder with CIFAR-10's binary version ("
                    + CifarFiles.BINARY_RELEASE + ", unpacked)", e);
        }
    }

    private static CifarFiles.Split split(MRL mrl, Artifact artifact, String name, long expected) throws IOException {
        Artifact.Item item = artifact.getFiles().get(name);
        if (item == null) {
            throw new IOException("the repository's CIFAR-10 has no " + name);
        }
        byte[] bytes;
        try (InputStream in = mrl.getRepository().openStream(item, null)) {
            bytes = in.readAllBytes();
        }
        ByteBuffer records = ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
        long count = CifarFiles.check("downloaded " + name, records, expected,
                "CIFAR-10 has " + expected + " " + (name.startsWith("test") ? "test" : "training") + " images");
        return new CifarFiles.Split(records, count);
    }

    /** What went wrong, in words, from the innermost cause that says it. */
    static String why(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof UnknownHostException) {
                return "the host " + t.getMessage() + " is unknown (no network, or no name server)";
            }
            if (t instanceof NoRouteToHostException) {
                return "no route to the host (no network)";
            }
            if (t instanceof SocketTimeoutException || t instanceof HttpTimeoutException) {
                return "the connection timed out";
            }
            if (t instanceof ConnectException) {
                return "the connection was refused (" + t.getMessage() + ")";
            }
        }
        return failure.getClass().getSimpleName() + ": " + failure.getMessage();
    }
}
