import ReconPluginTestSupport
import Testing

@Suite("container_key_mapper loads")
struct ContainerKeyMapperLoadTests {
    @Test func theBuiltPluginLoadsAndFollowsTheOM() async throws {
        let harness = try await PluginHarness.start(plugins: [.built("container_key_mapper", product: "ReconContainerKeyMapper")], keys: 200, seed: 5)
        try harness.applyOperations(50)
        try await harness.catchUp()
        let row = try #require(harness.runtime.taskStatus().first { $0.taskName == "container_key_mapper" })
        #expect(row.lastUpdatedSeqNumber == Int64(try harness.om.latestSequenceNumber))
        await harness.stop()
    }
}
