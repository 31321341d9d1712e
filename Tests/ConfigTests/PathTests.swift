import Foundation
import Testing
@testable import ReconCore

@Suite("Paths resolve against the config file's folder")
struct PathTests {
    @Test("data_dir", arguments: [
        ("./state", "/etc/recon/state"),
        ("state", "/etc/recon/state"),
        ("../var/recon", "/etc/var/recon"),
        ("/srv/recon/", "/srv/recon"),
        ("state/./x//y/..", "/etc/recon/state/x"),
    ])
    func dataDirectory(written: String, resolved: String) throws {
        #expect(try config("data_dir: \(written)\n").dataDirectory == resolved)
    }

    @Test("an empty data_dir")
    func emptyDataDirectory() {
        expectOneError("data_dir: ''\n", at: Spot(1, 11, "data_dir"), message: "expected a folder path, got an empty string")
    }

    @Test("plugin paths are stored absolute")
    func pluginPaths() throws {
        let yaml = """
            plugins:
              - name: a
                path: Plugins/Examples/hello_c/libhello_c.so
              - name: b
                path: ./lib/../lib/b.so
              - name: c
                path: /opt/c.so
            """
        #expect(try config(yaml).plugins.map(\.path)
            == ["/etc/recon/Plugins/Examples/hello_c/libhello_c.so", "/etc/recon/lib/b.so", "/opt/c.so"])
    }

    @Test("configFile for parse(yaml:file:baseDirectory:)")
    func configFileForParse() throws {
        #expect(try config("").configFile == "/etc/recon/config.yaml")
        let absolute = try ReconConfig.parse(yaml: "", file: "/srv/x/../recon.yaml", baseDirectory: "/srv")
        #expect(absolute.configFile == "/srv/recon.yaml")
    }

    @Test("a relative baseDirectory resolves against the current directory")
    func relativeBase() throws {
        let loaded = try ReconConfig.parse(yaml: "", file: "c.yaml", baseDirectory: "conf")
        let cwd = FileManager.default.currentDirectoryPath
        #expect(loaded.dataDirectory == ConfigPaths.normalize(cwd + "/conf/data"))
        #expect(loaded.configFile == ConfigPaths.normalize(cwd + "/conf/c.yaml"))
    }

    @Test("load(path:) resolves against the file's own folder")
    func loadFromFolder() throws {
        let folder = FileManager.default.temporaryDirectory.path + "/recon-config-test-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder + "/conf", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let file = folder + "/conf/recon.yaml"
        let yaml = "data_dir: ../state\nplugins:\n  - name: p\n    path: lib/p.so\n"
        try yaml.write(toFile: file, atomically: true, encoding: .utf8)

        let loaded = try ReconConfig.load(path: file)
        let root = ConfigPaths.normalize(folder)
        #expect(loaded.configFile == root + "/conf/recon.yaml")
        #expect(loaded.dataDirectory == root + "/state")
        #expect(loaded.plugins.map(\.path) == [root + "/conf/lib/p.so"])
    }

    @Test("load(path:) names the file as given in errors")
    func loadErrorsNameTheFile() throws {
        let folder = FileManager.default.temporaryDirectory.path + "/recon-config-test-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let file = folder + "/bad.yaml"
        try "sync:\n  interval: soon\n".write(toFile: file, atomically: true, encoding: .utf8)
        do {
            _ = try ReconConfig.load(path: file)
            Issue.record("expected an error")
        } catch {
            #expect(error.errors.map(\.spot) == [Spot(2, 13, "sync.interval")])
            #expect(error.errors.first?.file == file)
        }
    }

    @Test("a missing file is one error without a position")
    func missingFile() {
        let path = "/nonexistent/recon-\(UUID().uuidString).yaml"
        do {
            _ = try ReconConfig.load(path: path)
            Issue.record("expected an error")
        } catch {
            #expect(error.errors.count == 1)
            #expect(error.errors.first?.line == 0)
            #expect(error.description == "\(path): cannot read the configuration file: no such file (looked for \(path))")
        }
    }

    @Test("lexical normalisation")
    func normalize() {
        #expect(ConfigPaths.normalize("/a/./b//c/../d/") == "/a/b/d")
        #expect(ConfigPaths.normalize("/../..") == "/")
        #expect(ConfigPaths.absolute("x", base: "/") == "/x")
        #expect(ConfigPaths.directory(of: "/c.yaml") == "/")
    }
}
