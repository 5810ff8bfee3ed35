package depot.it.formats;

import depot.it.support.Api;
import java.util.List;
import org.junit.jupiter.api.DynamicTest;

/**
 * A registry a format serves with credentials of its own (the container registry): deploy tokens with scopes of its
 * own, and more than one way to present a credential (directly, or exchanged at its token service first).
 * AuthorizationMatrixTest calls each of its endpoints with every kind of caller on the project of each visibility, in
 * each way, expecting the statuses of package endpoints; runs its checks that its scopes and the package scopes do
 * not cross; and asks its catalog what each kind of caller sees.
 *
 * <p>Made by {@link FormatTestKit#matrixRegistry} for one {@link MatrixWorld}, whose fixtures are published.
 */
public interface MatrixRegistry {

    /** The scope of the deploy tokens that read here ("read_registry"): the matrix's DEPLOY_READ has it here. */
    String readScope();

    /** The scope of the deploy tokens that write here: the matrix's DEPLOY_WRITE has it here. */
    String writeScope();

    /** Its endpoints, each called on its fixture in the project of the visibility. */
    List<MatrixEndpoint> endpoints();

    /** The ways a caller may present its credential; each is called with each endpoint it {@link Presentation#presents}. */
    List<Presentation> presentations();

    /**
     * Checks what an answer refusing with {@code status} says besides its status (how the registry challenges, how it
     * names the error); {@code presented} is false when the credential was refused before the endpoint was called.
     */
    void checkRefusal(MatrixEndpoint endpoint, int status, Api.Response answer, boolean presented);

    /**
     * Checks that its scopes and the package scopes do not cross: package credentials open nothing here, and its deploy
     * tokens open no package ({@code packageRead}: an endpoint of the matrix that reads a package).
     */
    List<DynamicTest> scopeChecks(MatrixEndpoint packageRead);

    /** Its catalog, as the matrix's checks name it ("GET /v2/_catalog"). */
    String catalogName();

    /** What the catalog lists of the matrix's fixtures for a caller presenting {@code credential} (null for none). */
    List<String> catalog(String[] credential);

    /** The fixture of the project of that visibility, as the catalog lists it. */
    String fixture(Vis vis);

    /** A way to present a credential, named in the matrix's checks ("TOKEN"). */
    interface Presentation {
        String name();

        /** Whether the endpoint takes a credential presented this way. */
        boolean presents(MatrixEndpoint endpoint);

        /**
         * A client presenting {@code credential} (a header name and value; null for none) to the fixture of that
         * visibility, or the refusal of the credential before any endpoint is called.
         */
        Presented present(String[] credential, Vis vis);
    }

    /** A client that presents a credential, or, when {@code api} is null, the refusal that came instead. */
    record Presented(Api api, Api.Response refusal) {}
}
