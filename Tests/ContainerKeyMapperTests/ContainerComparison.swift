import ReconPluginTestSupport

/// The plugin's answers compared with a from-scratch recount, container by container.
enum ContainerComparison {
    /// The plugin under test.
    static let plugin = PluginHarness.Plugin.built("container_key_mapper", product: "ReconContainerKeyMapper")

    /// Every difference between the API and `expected`: the container list and counts
    /// (walked in pages), `totalCount`, and each container's full key list.
    static func differences(_ api: ContainerAPI, _ expected: ExpectedContainers) async throws -> [String] {
        var differences: [String] = []
        let listed = try await api.allContainers(pageSize: 97)
        let counted = expected.counts.mapValues(Int64.init)
        if listed != counted {
            let wrong = Set(listed.keys).union(counted.keys).filter { listed[$0] != counted[$0] }.sorted().prefix(5)
            differences.append("container counts differ: " + wrong.map { "\($0): api \(listed[$0] ?? 0) vs \(counted[$0] ?? 0)" }.joined(separator: ", "))
        }
        let total = try await api.containers(limit: 0).totalCount
        if total != Int64(expected.counts.count) {
            differences.append("totalCount \(total) vs \(expected.counts.count) containers")
        }
        for (container, keys) in expected.keys.sorted(by: { $0.key < $1.key }) {
            let page = try await api.keys(container, limit: -1)
            if page.totalCount != Int64(expected.counts[container] ?? 0) {
                differences.append("container \(container): totalCount \(page.totalCount) vs \(expected.counts[container] ?? 0)")
            }
            let wanted = keys.map(\.key)
            if page.keys != wanted {
                let first = zip(page.keys, wanted).first { $0 != $1 }
                differences.append("container \(container): \(page.keys.count) keys vs \(wanted.count); first difference \(first.map { "\($0.0) vs \($0.1)" } ?? "in length")")
            }
            if differences.count > 10 { break }
        }
        return differences
    }
}
