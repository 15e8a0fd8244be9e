package backproplab.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.repository.RemoteRepository;
import backproplab.util.UserError;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;

class CifarDownloadTest {

    /** ".invalid" never resolves (RFC 2606), on any machine, with or without a network. */
    @Test
    void aFailedDownloadSaysItFailedAndWhyAndOffersOnlyTheLocalWayOut() {
        UserError e = assertThrows(UserError.class,
                () -> CifarDownload.fetch(new RemoteRepository("cifar10", URI.create("https://cifar10.invalid/"))));
        String message = e.getMessage();
        assertTrue(message.startsWith("downloading CIFAR-10 from cifar10.invalid failed: the host"), message);
        assertTrue(message.contains("unknown (no network"), message);
        assertTrue(message.contains("point -Ddata at"), message);
        assertTrue(message.contains(CifarFiles.BINARY_RELEASE), message);
        assertFalse(message.contains("leave -Ddata out"), "no advice to download again: " + message);
        assertFalse(message.contains("\n"), "one line");
    }

    @Test
    void eachNetworkFailureIsNamed() {
        assertEquals("the host mlrepo.djl.ai is unknown (no network, or no name server)",
                CifarDownload.why(new IOException("wrapped", new UnknownHostException("mlrepo.djl.ai"))));
        assertEquals("no route to the host (no network)", CifarDownload.why(new NoRouteToHostException("x")));
        assertEquals("the connection timed out", CifarDownload.why(new SocketTimeoutException("read timed out")));
        assertEquals("the connection was refused (Connection refused)",
                CifarDownload.why(new ConnectException("Connection refused")));
        assertEquals("IOException: disk full", CifarDownload.why(new IOException("disk full")));
    }
}
