import Testing
@testable import ReconCore

@Suite("Unknown keys")
struct UnknownKeyTests {
    @Test("at the top level")
    func topLevel() {
        let yaml = """
            server:
              port: 9888
            serverr:
              port: 1
            """
        expectOneError(yaml, at: Spot(3, 1, "serverr"),
                       message: "unknown key 'serverr'; expected one of: server, data_dir, om, sync, staging, storage, plugins, logging")
    }

    @Test("in a section, with the exact documented message")
    func nested() {
        let yaml = """
            sync:
              intervall: 5s
            """
        let found = errors(yaml)
        #expect(found.map(\.spot) == [Spot(2, 3, "sync.intervall")])
        #expect(found.first?.message == "unknown key 'intervall'; expected one of: interval, delta_limit, initial_delay")
        #expect(found.first?.description
            == "config.yaml:2:3: sync.intervall: unknown key 'intervall'; expected one of: interval, delta_limit, initial_delay")
    }

    @Test("two levels down")
    func deeplyNested() {
        let yaml = """
            storage:
              kv:
                blockcache: 1GiB
            om:
              embedded:
                key: 10
            """
        let found = errors(yaml)
        #expect(found.map(\.spot) == [Spot(3, 5, "storage.kv.blockcache"), Spot(6, 5, "om.embedded.key")])
        #expect(found.first?.message
            == "unknown key 'blockcache'; expected one of: backend, block_cache, write_buffer, max_open_files, compression, low_priority_compactions")
        #expect(found.last?.message == "unknown key 'key'; expected one of: keys, seed, write_rate")
    }

    @Test("in a list item")
    func inListItem() {
        let yaml = """
            plugins:
              - name: a
                path: a.so
                enable: false
            """
        expectOneError(yaml, at: Spot(4, 5, "plugins[0].enable"),
                       message: "unknown key 'enable'; expected one of: name, path, enabled, config")
    }

    @Test("anything goes inside plugins[].config")
    func pluginConfigIsFreeForm() throws {
        let yaml = """
            plugins:
              - name: a
                path: a.so
                config:
                  whatever: 1
                  nested: { intervall: 2, more: [x] }
            """
        let loaded = try config(yaml)
        #expect(loaded.plugins.first?.configJSON == #"{"whatever":1,"nested":{"intervall":2,"more":["x"]}}"#)
    }
}
