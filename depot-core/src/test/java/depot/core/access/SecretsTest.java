package depot.core.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SecretsTest {
    @Test
    void new_hashes_take_the_configured_cost_and_every_stored_hash_keeps_its_own() {
        Secrets standard = new Secrets(Secrets.DEFAULT_PASSWORD_HASH_COST);
        Secrets cheap = new Secrets(4);

        String standardHash = standard.hashPassword("correct horse");
        String cheapHash = cheap.hashPassword("correct horse");

        assertThat(standardHash).startsWith("$2a$10$");
        assertThat(cheapHash).startsWith("$2a$04$");
        // a changed setting affects only passwords set afterwards: both instances check both hashes
        assertThat(standard.checkPassword("correct horse", cheapHash)).isTrue();
        assertThat(cheap.checkPassword("correct horse", standardHash)).isTrue();
        assertThat(cheap.checkPassword("wrong horse", standardHash)).isFalse();
        assertThat(cheap.checkPassword("correct horse", null)).isFalse();
    }

    @Test
    void a_cost_bcrypt_does_not_take_is_refused() {
        assertThatThrownBy(() -> new Secrets(3)).hasMessageContaining("password_hash_cost");
        assertThatThrownBy(() -> new Secrets(32)).hasMessageContaining("password_hash_cost");
    }
}
