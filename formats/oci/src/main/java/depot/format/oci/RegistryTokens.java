package depot.format.oci;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import depot.core.error.DepotException;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The container registry's short-lived tokens: HS256-signed JWTs in the shape Docker's token specification
 * describes ({@code access: [{type, name, actions}]}), plus a {@code depot} claim naming the principal they were
 * issued to (see {@code Authenticator.reference}). The key is shared by every node through the settings table.
 * Thread-safe.
 */
final class RegistryTokens {
    static final String ISSUER = "depot";
    static final String SERVICE = "container_registry";
    private final MACSigner signer;
    private final MACVerifier verifier;
    private final long lifetimeMillis;

    RegistryTokens(byte[] key, long lifetimeMillis) {
        try {
            this.signer = new MACSigner(key);
            this.verifier = new MACVerifier(key);
        } catch (JOSEException e) {
            throw new IllegalStateException("the registry token key is too short", e);
        }
        this.lifetimeMillis = lifetimeMillis;
    }

    /** What a token grants on one resource: {@code repository} or {@code registry} (for the catalog). */
    record Access(String type, String name, Set<String> actions) {}

    /** A verified token: the principal reference and what it may do. */
    record Grant(String principal, List<Access> access) {
        boolean allows(String type, String name, String action) {
            return access.stream().anyMatch(a -> a.type().equals(type) && a.name().equals(name)
                    && (a.actions().contains(action) || a.actions().contains("*")));
        }
    }

    long lifetimeSeconds() { return lifetimeMillis / 1000; }

    String issue(String principalReference, String subject, List<Access> access, long now) {
        List<Map<String, Object>> claims = new ArrayList<>();
        for (Access a : access) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("type", a.type());
            m.put("name", a.name());
            m.put("actions", List.copyOf(a.actions()));
            claims.add(m);
        }
        JWTClaimsSet set = new JWTClaimsSet.Builder()
                .issuer(ISSUER).subject(subject).audience(SERVICE)
                .issueTime(new Date(now)).notBeforeTime(new Date(now - 60_000)).expirationTime(new Date(now + lifetimeMillis))
                .jwtID(UUID.randomUUID().toString())
                .claim("access", claims)
                .claim("depot", principalReference)
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), set);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("signing a registry token failed", e);
        }
        return jwt.serialize();
    }

    /** True when the bearer credential looks like one of these tokens rather than a Depot access token. */
    static boolean looksLikeJwt(String credential) {
        return credential.startsWith("eyJ") && credential.chars().filter(c -> c == '.').count() == 2;
    }

    /** Checks signature, issuer, audience and time; throws Unauthenticated on any failure. */
    Grant verify(String token, long now) {
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm()) || !jwt.verify(verifier)) throw expired();
            JWTClaimsSet set = jwt.getJWTClaimsSet();
            if (!ISSUER.equals(set.getIssuer()) || !set.getAudience().contains(SERVICE)) throw expired();
            if (set.getExpirationTime() == null || set.getExpirationTime().getTime() <= now) throw expired();
            if (set.getNotBeforeTime() != null && set.getNotBeforeTime().getTime() > now) throw expired();
            List<Access> access = new ArrayList<>();
            Object raw = set.getClaim("access");
            if (raw instanceof List<?> list) {
                for (Object o : list) {
                    if (o instanceof Map<?, ?> m && m.get("actions") instanceof List<?> actions) {
                        access.add(new Access(String.valueOf(m.get("type")), String.valueOf(m.get("name")),
                                Set.copyOf(actions.stream().map(String::valueOf).toList())));
                    }
                }
            }
            return new Grant(set.getStringClaim("depot"), access);
        } catch (ParseException | JOSEException e) {
            throw expired();
        }
    }

    private static DepotException expired() {
        return new DepotException.Unauthenticated("UNAUTHORIZED authentication required: invalid or expired token");
    }
}
