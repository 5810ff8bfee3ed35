package depot.it.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The real Conan clients, each in a virtual environment under target/py-tools (installed from the machine's Python
 * package index once per checkout), and small recipes for them to build: a header-only library, a binary package
 * with settings and an option (its "build" writes a text file, so no compiler is needed), and a Conan 1 recipe.
 */
public final class ConanTools {
    public static final String CONAN2 = "conan==2.34.0";
    public static final String CONAN1 = "conan==1.66.0";

    private ConanTools() {}

    /** The {@code conan} executable of a pinned version, installed into its own venv when first needed. */
    public static Path conan(String spec) throws Exception {
        return PyTools.venv(spec.replace("==", "-"), spec).resolve("bin/conan");
    }

    /** A Conan client with its own home (cache, remotes, credentials) and a fixed default profile. */
    public record Client(Path exe, Path home, boolean legacy, Map<String, String> extraEnv) {
        public static Client conan2(Path home) throws Exception {
            Client c = new Client(conan(CONAN2), home, false, new HashMap<>());
            Files.createDirectories(home.resolve("profiles"));
            Files.writeString(home.resolve("profiles/default"), PROFILE);
            return c;
        }

        public static Client conan1(Path home) throws Exception {
            Client c = new Client(conan(CONAN1), home, true, new HashMap<>());
            Files.createDirectories(home.resolve(".conan/profiles"));
            Files.writeString(home.resolve(".conan/profiles/default"), PROFILE);
            return c;
        }

        public Map<String, String> env() {
            Map<String, String> env = new HashMap<>(extraEnv);
            env.put(legacy ? "CONAN_USER_HOME" : "CONAN_HOME", home.toString());
            env.put("HOME", home.toString());
            env.put("CONAN_NON_INTERACTIVE", "1");
            env.put("NO_COLOR", "1");
            return env;
        }

        public Tools.Result ok(Path dir, String... args) throws Exception {
            return Tools.ok(dir, env(), command(args));
        }

        public Tools.Result run(Path dir, String... args) throws Exception {
            return Tools.run(dir, env(), command(args));
        }

        private List<String> command(String... args) {
            List<String> cmd = new ArrayList<>(List.of(exe.toString()));
            cmd.addAll(List.of(args));
            return cmd;
        }
    }

    private static final String PROFILE = "[settings]\nos=Linux\narch=x86_64\nbuild_type=Release\n";

    /** {@code hdr/1.0}: one header, no settings, so one binary for every configuration. */
    public static Path headerRecipe(Path dir, String define) throws Exception {
        Files.createDirectories(dir.resolve("include"));
        Files.writeString(dir.resolve("include/hdr.h"), "#define HDR " + define + "\n");
        Files.writeString(dir.resolve("conanfile.py"), """
                from conan import ConanFile
                from conan.tools.files import copy


                class Hdr(ConanFile):
                    name = "hdr"
                    version = "1.0"
                    description = "A header-only test library"
                    license = "MIT"
                    topics = ("test", "header-only")
                    exports_sources = "include/*"
                    no_copy_source = True

                    def package(self):
                        copy(self, "*.h", self.source_folder, self.package_folder)

                    def package_id(self):
                        self.info.clear()
                """);
        return dir;
    }

    /** {@code tool/2.1}: settings os, arch, build_type and option shared; one binary per configuration. */
    public static Path binaryRecipe(Path dir) throws Exception {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("conanfile.py"), """
                import os
                from conan import ConanFile
                from conan.tools.files import copy, save


                class Tool(ConanFile):
                    name = "tool"
                    version = "2.1"
                    description = "A binary test package"
                    license = "Apache-2.0"
                    settings = "os", "arch", "build_type"
                    options = {"shared": [True, False]}
                    default_options = {"shared": False}

                    def build(self):
                        save(self, os.path.join(self.build_folder, "tool.txt"),
                             f"tool {self.settings.build_type} shared={self.options.shared}\\n")

                    def package(self):
                        copy(self, "tool.txt", self.build_folder, os.path.join(self.package_folder, "bin"))
                """);
        return dir;
    }

    /** {@code legacy/1.0} in Conan 1's recipe API. */
    public static Path legacyRecipe(Path dir) throws Exception {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("conanfile.py"), """
                import os
                from conans import ConanFile, tools


                class Legacy(ConanFile):
                    name = "legacy"
                    version = "1.0"
                    description = "A Conan 1 test package"
                    license = "BSD-3-Clause"
                    settings = "os", "arch", "build_type"

                    def build(self):
                        tools.save(os.path.join(self.build_folder, "legacy.txt"), "legacy %s\\n" % self.settings.build_type)

                    def package(self):
                        self.copy("legacy.txt", dst="bin")
                """);
        return dir;
    }
}
