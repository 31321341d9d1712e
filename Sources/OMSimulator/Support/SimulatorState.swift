import Foundation

/// What the simulator remembers next to an OM DB it generated (file `OMSIM_STATE` inside
/// the DB directory; RocksDB ignores files it does not know and checkpoints leave it out):
/// the seed, the logical clock and SCM's container allocation, so a workload run after a
/// restart continues where generation stopped.
struct SimulatorState: Codable, Sendable, Equatable {
    static let fileName = "OMSIM_STATE"

    var formatVersion = 1
    /// The generation seed (the workload derives its own stream from it).
    var seed: UInt64
    /// Logical time of transaction 0, ms since the epoch.
    var startTimeMillis: UInt64
    /// Logical milliseconds per OM transaction.
    var millisPerTransaction: UInt64
    /// Container allocation so far.
    var allocator: ContainerAllocator

    /// The logical time of `transaction`.
    func time(ofTransaction transaction: UInt64) -> UInt64 {
        startTimeMillis &+ transaction &* millisPerTransaction
    }

    static func load(dbPath: String) -> SimulatorState? {
        let url = URL(fileURLWithPath: dbPath).appendingPathComponent(fileName)
        guard let data = try? Data(contentsOf: url) else { return nil }
        return try? JSONDecoder().decode(SimulatorState.self, from: data)
    }

    func save(dbPath: String) throws {
        let url = URL(fileURLWithPath: dbPath).appendingPathComponent(Self.fileName)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try encoder.encode(self).write(to: url, options: .atomic)
    }
}
