import ReconPluginTestSupport
import Testing

/// `prevKey`/`limit` walks give exactly the full lists, and bad parameters answer 400.
@Suite("container_key_mapper pagination and parameters")
struct ContainerPaginationTests {
    @Test func walkingKeysAndContainersPageByPageGivesTheFullLists() async throws {
        let harness = try await PluginHarness.start(plugins: [ContainerComparison.plugin], keys: 2000, seed: 9)
        let api = ContainerAPI(harness: harness)
        do {
            try harness.applyOperations(400)
            try await harness.catchUp()
            let expected = try ExpectedContainers.recount(harness)
            let (container, keys) = try #require(expected.keys.max { $0.value.count < $1.value.count })
            #expect(keys.count > 20, "the largest container has only \(keys.count) keys")

            // Keys: pages of 7, each continuing after the previous page's lastKey.
            var walked: [ExpectedKey] = []
            var prevKey: String?
            while true {
                let page = try await api.keys(container, prevKey: prevKey, limit: 7)
                #expect(page.keys.count <= 7)
                #expect(page.totalCount == Int64(expected.counts[container] ?? -1))
                if page.keys.isEmpty { break }
                walked += page.keys
                prevKey = page.lastKey
            }
            #expect(walked == keys.map(\.key))
            #expect(try await api.keys(container).keys == keys.map(\.key), "the default limit (1000) covers the container")

            // A prevKey that is no stored key continues with the next key in byte order.
            let middle = keys[keys.count / 2].omKey
            let between = String(decoding: middle, as: UTF8.self) + "0"
            let after = keys.filter { $0.omKey.lexicographicallyPrecedes(Array(between.utf8)) == false }.map(\.key)
            #expect(try await api.keys(container, prevKey: between, limit: -1).keys == after)
            #expect(try await api.keys(container, limit: 0).keys.isEmpty)

            // Containers: pages of 3 give the same map as one unlimited-by-default page.
            let all = try await api.containers()
            #expect(all.containers.count == min(expected.counts.count, 1000))
            #expect(try await api.allContainers(pageSize: 3) == expected.counts.mapValues(Int64.init))
            let firstID = try #require(all.containers.first?.id)
            let rest = try await api.containers(prevKey: firstID, limit: 1000)
            #expect(rest.containers.map(\.id) == Array(all.containers.dropFirst().map(\.id)))
        } catch {
            await harness.stop()
            throw error
        }
        await harness.stop()
    }

    @Test func negativeOrMalformedParametersAnswer400WithAMessage() async throws {
        let harness = try await PluginHarness.start(plugins: [ContainerComparison.plugin], keys: 100, seed: 4)
        let api = ContainerAPI(harness: harness)
        do {
            let cases: [(String, [(String, String)], String)] = [
                ("/containers", [("limit", "-1")], "limit"),
                ("/containers", [("prevKey", "-5")], "prevKey"),
                ("/containers", [("limit", "ten")], "limit"),
                ("/containers", [("prevKey", "1.5")], "prevKey"),
                ("/containers/abc/keys", [], "container id"),
                ("/containers/-3/keys", [], "container id"),
                ("/containers/1/keys", [("limit", "-2")], "limit"),
                ("/containers/1/keys", [("limit", "")], "limit"),
            ]
            for (path, query, name) in cases {
                let message = try await api.badRequest(path, query)
                #expect(message.contains(name), "\(path) \(query): \(message)")
            }
            #expect(try await api.keys(1, limit: -1).totalCount >= 0, "limit -1 is unlimited, not refused")
        } catch {
            await harness.stop()
            throw error
        }
        await harness.stop()
    }
}
