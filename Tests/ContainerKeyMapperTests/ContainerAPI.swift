import Foundation
import ReconPluginTestSupport

/// The plugin's two endpoints, called through the harness and parsed.
struct ContainerAPI {
    let harness: PluginHarness

    /// One page of `/containers`.
    struct ContainersPage {
        var totalCount: Int64
        var prevKey: Int64
        var containers: [(id: Int64, keys: Int64)]
    }

    /// One page of `/containers/{id}/keys`.
    struct KeysPage {
        var totalCount: Int64
        var lastKey: String
        var keys: [ExpectedKey]
    }

    /// `GET /containers` with the given parameters.
    func containers(prevKey: Int64? = nil, limit: Int? = nil) async throws -> ContainersPage {
        var query: [(String, String)] = []
        if let prevKey { query.append(("prevKey", String(prevKey))) }
        if let limit { query.append(("limit", String(limit))) }
        let object = try await json("/containers", query)
        let data = try field(object, "data", as: [String: Any].self)
        let rows = try field(data, "containers", as: [[String: Any]].self)
        return ContainersPage(
            totalCount: try int(data, "totalCount"), prevKey: try int(data, "prevKey"),
            containers: try rows.map { row in
                _ = try field(row, "pipelines", as: [Any].self)
                return (try int(row, "ContainerID"), try int(row, "NumberOfKeys"))
            })
    }

    /// Every container with its key count, walked page by page with `pageSize`.
    func allContainers(pageSize: Int) async throws -> [Int64: Int64] {
        var all: [Int64: Int64] = [:]
        var prevKey: Int64 = 0
        while true {
            let page = try await containers(prevKey: prevKey, limit: pageSize)
            guard let last = page.containers.last else { break }
            for row in page.containers {
                guard all.updateValue(row.keys, forKey: row.id) == nil else { throw HarnessError("container \(row.id) listed twice") }
            }
            guard page.prevKey == last.id else { throw HarnessError("prevKey \(page.prevKey) is not the last id \(last.id)") }
            prevKey = last.id
        }
        return all
    }

    /// `GET /containers/{id}/keys` with the given parameters.
    func keys(_ container: Int64, prevKey: String? = nil, limit: Int? = nil) async throws -> KeysPage {
        var query: [(String, String)] = []
        if let prevKey { query.append(("prevKey", prevKey)) }
        if let limit { query.append(("limit", String(limit))) }
        let object = try await json("/containers/\(container)/keys", query)
        let keys = try field(object, "keys", as: [[String: Any]].self)
        return KeysPage(
            totalCount: try int(object, "totalCount"), lastKey: try field(object, "lastKey", as: String.self),
            keys: try keys.map(Self.key))
    }

    /// A 400 answer's message for `path` with `query`; fails when the status is not 400.
    func badRequest(_ path: String, _ query: [(String, String)] = []) async throws -> String {
        let response = try await harness.get(path, query)
        guard response.status == 400 else { throw HarnessError("\(path) \(query): \(response.status) \(response.text)") }
        let object = try response.json() as? [String: Any] ?? [:]
        return try field(object, "message", as: String.self)
    }

    private func json(_ path: String, _ query: [(String, String)]) async throws -> [String: Any] {
        let response = try await harness.get(path, query)
        guard response.status == 200 else { throw HarnessError("\(path) \(query): \(response.status) \(response.text)") }
        guard let object = try response.json() as? [String: Any] else { throw HarnessError("\(path): not an object") }
        return object
    }

    private static func key(_ row: [String: Any]) throws -> ExpectedKey {
        let blocks = try field(row, "Blocks", as: [String: [[String: Any]]].self).mapValues { list in
            try list.map { [try int($0, "containerID"), try int($0, "localID")] }
        }
        return ExpectedKey(
            volume: try field(row, "Volume", as: String.self), bucket: try field(row, "Bucket", as: String.self),
            key: try field(row, "Key", as: String.self), completePath: try field(row, "CompletePath", as: String.self),
            dataSize: try int(row, "DataSize"),
            versions: try field(row, "Versions", as: [NSNumber].self).map(\.int64Value),
            blocks: blocks,
            creationTime: try field(row, "CreationTime", as: String.self),
            modificationTime: try field(row, "ModificationTime", as: String.self))
    }
}

/// `object[name]` as `T`, or a failure naming the field.
func field<T>(_ object: [String: Any], _ name: String, as type: T.Type) throws -> T {
    guard let value = object[name] as? T else { throw HarnessError("field \(name) missing or not \(T.self) in \(object)") }
    return value
}

/// `object[name]` as a whole number.
func int(_ object: [String: Any], _ name: String) throws -> Int64 {
    try field(object, name, as: NSNumber.self).int64Value
}
