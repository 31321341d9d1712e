import ReconPluginTestSupport
import Testing

@Suite("nssummary loads")
struct NSSummaryLoadTests {
    @Test func theBuiltPluginLoadsAndFollowsTheOM() async throws {
        let harness = try await PluginHarness.start(plugins: [.built("nssummary", product: "ReconNSSummary")], keys: 200, seed: 5)
        try harness.applyOperations(50)
        try await harness.catchUp()
        let row = try #require(harness.runtime.taskStatus().first { $0.taskName == "nssummary" })
        #expect(row.lastUpdatedSeqNumber == Int64(try harness.om.latestSequenceNumber))
        await harness.stop()
    }
}
