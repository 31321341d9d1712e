import Foundation
import Logging
import ReconTestSupport
import Testing

@testable import ReconCore

/// Every refusal of the loader, each with its one-line reason.
@Suite("Plugin loader")
struct PluginLoaderTests {
    let loader = DynamicPluginLoader()

    private func refusal(_ configs: [PluginConfig]) throws -> [PluginLoadError] {
        do {
            _ = try loader.load(configs)
        } catch {
            return error.errors
        }
        Issue.record("the loader accepted \(configs.map(\.name))")
        return []
    }

    @Test func loadsTheCExampleAndTheSwiftExample() throws {
        let dir = try TestPaths.makeTemporaryDirectory()
        defer { dir.remove() }
        let plugins = try loader.load([try PluginFixtures.buildHelloC(in: dir), PluginFixtures.swiftCounter()])
        #expect(plugins.map(\.info.name) == ["hello_c", "swift_counter"])
        let hello = plugins[0].info
        #expect(hello.version == "1.0.0")
        #expect(hello.abiVersion == "1.1")
        #expect(Set(hello.omTables) == ["keyTable", "fileTable", "directoryTable", "bucketTable", "volumeTable"])
        #expect(hello.kvTables == ["last_key"])
        #expect(hello.routes == [PluginRoute(method: "GET", path: "/examples/hello_c", adminOnly: false)])
        #expect(hello.supportsReprocess)
        let swift = plugins[1].info
        #expect(swift.omTables == ["*"])
        #expect(swift.kvTables == ["counts"])
        #expect(swift.routes.contains(PluginRoute(method: "GET", path: "/examples/swift_counter/admin", adminOnly: true)))
        #expect(swift.builtWith.hasPrefix("swift"))
    }

    @Test func refusesAMissingFile() throws {
        let errors = try refusal([PluginConfig(name: "ghost", path: "/nonexistent/libghost.so")])
        #expect(errors == [PluginLoadError(plugin: "ghost", path: "/nonexistent/libghost.so", reason: "file not found")])
        #expect(errors.first?.description == "plugin 'ghost' (/nonexistent/libghost.so): file not found")
    }

    @Test func refusesAFileThatIsNotASharedLibrary() throws {
        let dir = try TestPaths.makeTemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("libtext.so")
        try Data("this is not ELF\n".utf8).write(to: path)
        let errors = try refusal([PluginConfig(name: "text", path: path.path)])
        #expect(errors.count == 1)
        #expect(errors[0].reason.hasPrefix("not a loadable shared library: "))
    }

    @Test func refusesALibraryWithoutTheEntrySymbol() throws {
        let dir = try TestPaths.makeTemporaryDirectory()
        defer { dir.remove() }
        let errors = try refusal([try PluginFixtures.build("no_entry", in: dir)])
        #expect(errors.map(\.reason) == ["no entry symbol: the library does not export recon_task_entry_v1"])
    }

    @Test func explainsAnEntrySymbolOfAnotherMajor() throws {
        let dir = try TestPaths.makeTemporaryDirectory()
        defer { dir.remove() }
        let errors = try refusal([try PluginFixtures.build("abi_v2_only", in: dir)])
        #expect(errors.map(\.reason) == [
            "exports recon_task_entry_v2 (plugin ABI 2), not recon_task_entry_v1: this host speaks ABI 1.1"
        ])
    }

    @Test func refusesADescriptorOfAnotherMajor() throws {
        let dir = try TestPaths.makeTemporaryDirectory()
        defer { dir.remove() }
        let errors = try refusal([try PluginFixtures.build("abi_major_mismatch", in: dir)])
        #expect(errors.map(\.reason) == ["built against ABI 2.1; this host speaks ABI 1.1 and major versions must match"])
    }

    @Test func refusesANewerMinor() throws {
        let dir = try TestPaths.makeTemporaryDirectory()
        defer { dir.remove() }
        let errors = try refusal([try PluginFixtures.build("abi_minor_newer", in: dir)])
        #expect(errors.map(\.reason) == ["built against ABI 1.2, newer than this host's ABI 1.1; upgrade recond"])
    }

    @Test func refusesASwiftPluginBuiltWithAnotherToolchain() throws {
        let dir = try TestPaths.makeTemporaryDirectory()
        defer { dir.remove() }
        let errors = try refusal([try PluginFixtures.build("swift_other_toolchain", in: dir)])
        #expect(errors.count == 1)
        #expect(errors.first?.reason.hasPrefix("built with swift-5.10.1 but this host was built with swift-6.") == true)
    }

    @Test func refusesAnEntryThatReturnsNull() throws {
        let dir = try TestPaths.makeTemporaryDirectory()
        defer { dir.remove() }
        let errors = try refusal([try PluginFixtures.build("entry_returns_null", in: dir)])
        #expect(errors.map(\.reason) == ["the plugin refused this host: recon_task_entry_v1 returned NULL"])
    }

    @Test func refusesAnInvalidName() throws {
        let dir = try TestPaths.makeTemporaryDirectory()
        defer { dir.remove() }
        let errors = try refusal([try PluginFixtures.build("bad_name", in: dir)])
        #expect(errors.map(\.reason) == ["descriptor name 'Bad Name!' is not valid: use [a-z][a-z0-9_]{0,63}"])
    }

    @Test func refusesAConfigNameThatDiffersFromTheDescriptor() throws {
        let dir = try TestPaths.makeTemporaryDirectory()
        defer { dir.remove() }
        let errors = try refusal([try PluginFixtures.buildHelloC(in: dir).renamed("greeter")])
        #expect(errors.map(\.reason) == ["the config calls it 'greeter' but the library's descriptor is named 'hello_c'"])
    }

    @Test func refusesADuplicatePluginName() throws {
        let dir = try TestPaths.makeTemporaryDirectory()
        defer { dir.remove() }
        let a = try PluginFixtures.build("dup_name_a", in: dir, configName: "dup")
        let b = try PluginFixtures.build("dup_name_b", in: dir, configName: "dup")
        let errors = try refusal([a, b])
        #expect(errors == [PluginLoadError(plugin: "dup", path: b.path, reason: "duplicate plugin name 'dup': already loaded from \(a.path)")])
    }

    @Test func reportsEveryRefusalAtOnce() throws {
        let dir = try TestPaths.makeTemporaryDirectory()
        defer { dir.remove() }
        let errors = try refusal([
            PluginConfig(name: "ghost", path: "/nonexistent/a.so"),
            try PluginFixtures.buildHelloC(in: dir),
            try PluginFixtures.build("abi_minor_newer", in: dir),
        ])
        #expect(errors.map(\.plugin) == ["ghost", "abi_minor_newer"])
    }

    @Test func skipsDisabledPlugins() throws {
        var ghost = PluginConfig(name: "ghost", path: "/nonexistent/a.so")
        ghost.enabled = false
        #expect(try loader.load([ghost]).isEmpty)
    }

    @Test func refusesAPluginWhoseCreateFails() throws {
        let dir = try TestPaths.makeTemporaryDirectory()
        defer { dir.remove() }
        let loaded = try loader.load([try PluginFixtures.build("init_fails", in: dir)])
        #expect(throws: PluginLoadError(
            plugin: "init_fails", path: loaded[0].config.path,
            reason: "create failed (RECON_ERR_FAILED): database credentials missing")
        ) {
            _ = try PluginInstance.create(loaded[0], logger: Logger(label: "test"), reprocessWorkers: 1)
        }
    }
}

extension PluginConfig {
    /// The same entry under another config name.
    func renamed(_ name: String) -> PluginConfig {
        var copy = self
        copy.name = name
        return copy
    }
}
