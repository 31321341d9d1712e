import Foundation
import Synchronization

/// Keeps `concurrency` clients requesting recond's plugin routes back to back (each
/// waits `think` between its requests, alternating over the routes) while a staged
/// reprocess runs, and records every answer's latency, status and whether it was empty.
struct APILoad {
    /// recond.
    let http: BenchHTTP
    /// The routes with their queries, e.g. `/api/v1/utilization/fileCount`.
    let paths: [String]
    /// Clients running at once.
    let concurrency: Int
    /// Pause of each client between two requests.
    let think: Duration

    /// What the clients share: the stop flag and the answers.
    private final class Shared: Sendable {
        let stop = Atomic<Bool>(false)
        let observations = Mutex<[Observation]>([])
    }

    /// One answer.
    private struct Observation: Sendable {
        var route: Int
        var startMillis: Double
        var latencyMillis: Double
        /// 0 for a transport error.
        var status: Int
        var empty: Bool
        var body: String
    }

    /// Runs the clients from before `reprocess` starts until it has returned, and
    /// summarizes the answers per route.
    func during(_ reprocess: () async throws -> ReprocessResult) async throws -> APILoadResult {
        let shared = Shared()
        var clients: [Task<Void, Never>] = []
        for client in 0..<concurrency {
            clients.append(Task { [http, paths, think] in
                var route = client % paths.count
                while !shared.stop.load(ordering: .relaxed) {
                    let start = unixMillis()
                    let observation: Observation
                    do {
                        let answer = try await http.send(paths[route], timeout: .seconds(30))
                        observation = Observation(
                            route: route, startMillis: start, latencyMillis: answer.latency.milliseconds,
                            status: answer.status, empty: EmptyAnswer.isEmpty(answer.body),
                            body: String(decoding: answer.body.prefix(200), as: UTF8.self))
                    } catch {
                        observation = Observation(
                            route: route, startMillis: start, latencyMillis: unixMillis() - start,
                            status: 0, empty: false, body: "\(error)")
                    }
                    shared.observations.withLock { $0.append(observation) }
                    route = (route + 1) % paths.count
                    if think > .zero { try? await Task.sleep(for: think) }
                }
            })
        }
        let result: ReprocessResult
        do {
            result = try await reprocess()
        } catch {
            shared.stop.store(true, ordering: .relaxed)
            for client in clients { await client.value }
            throw error
        }
        shared.stop.store(true, ordering: .relaxed)
        for client in clients { await client.value }
        let all = shared.observations.withLock { $0 }
        return APILoadResult(
            concurrency: concurrency, thinkMillis: Int(think.milliseconds), routes: summarize(all),
            reprocess: result, maxLatencyAtSwitchMillis: Self.longestAtSwitch(all, result))
    }

    /// The longest answer in flight while recond committed (the COMMITTING phase before
    /// `finishedAt`, widened by 50 ms each side).
    private static func longestAtSwitch(_ all: [Observation], _ run: ReprocessResult) -> Double? {
        guard let finished = run.finishedAt.map(Double.init) else { return nil }
        let from = finished - (run.phaseMillis.committing ?? 0) - 50
        let to = finished + 50
        return all.filter { $0.startMillis <= to && $0.startMillis + $0.latencyMillis >= from }.map(\.latencyMillis).max()
    }

    private func summarize(_ all: [Observation]) -> [RouteLoadResult] {
        paths.indices.map { route in
            let mine = all.filter { $0.route == route }
            var statuses: [String: Int] = [:]
            for o in mine { statuses[o.status == 0 ? "error" : String(o.status), default: 0] += 1 }
            return RouteLoadResult(
                path: paths[route], requests: mine.count,
                ok: mine.filter { $0.status == 200 && !$0.empty }.count,
                empty: mine.filter { $0.status == 200 && $0.empty }.count,
                failed: mine.filter { $0.status != 200 }.count,
                statusCounts: statuses, latencyMillis: Percentiles(mine.map(\.latencyMillis)),
                sampleAnswer: (mine.first { $0.status != 200 || $0.empty } ?? mine.first)?.body ?? "")
        }
    }
}

/// Whether a 200 answer carries no data: an empty body, `[]`, `{}`, or a Recon status
/// other than `OK` (e.g. `INITIALIZING`, `PATH_NOT_FOUND`).
enum EmptyAnswer {
    /// True when `body` is empty in that sense.
    static func isEmpty(_ body: [UInt8]) -> Bool {
        guard let value = try? JSONSerialization.jsonObject(with: Data(body), options: [.fragmentsAllowed]) else {
            return body.allSatisfy { $0 == 0x20 || $0 == 0x0a || $0 == 0x0d || $0 == 0x09 }
        }
        if let list = value as? [Any] { return list.isEmpty }
        if let object = value as? [String: Any] {
            if object.isEmpty { return true }
            if let status = object["status"] as? String { return status != "OK" }
        }
        return false
    }
}
