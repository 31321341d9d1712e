/// Failures of the OM simulator.
public enum OMSimulatorError: Error, Sendable, Equatable, CustomStringConvertible {
    /// `getUpdatesSince` could not serve `requested`: the WAL that held the batches after it
    /// is gone (Ozone's `SequenceNumberNotFoundException`). `earliestAvailable` is the lowest
    /// sequence number a request can start from right now.
    case sequenceNumberNotFound(requested: UInt64, earliestAvailable: UInt64)
    /// A request parameter is out of range (Ozone's `IllegalArgumentException`).
    case invalidArgument(String)
    /// `create` found a database already at the path.
    case alreadyExists(String)
    /// The DB lacks a table the simulator needs.
    case missingTable(String)
    /// The simulator was closed.
    case closed
    /// A checkpoint was asked for while this many operations are written but held from
    /// readers (``SimulatedOM/holdOperations(_:progress:)``): it would show them.
    case operationsHeld(Int)

    /// One line.
    public var description: String {
        switch self {
        case let .sequenceNumberNotFound(requested, earliest):
            "SequenceNumberNotFound: requested \(requested), earliest available \(earliest)"
        case let .invalidArgument(message): "invalid argument: \(message)"
        case let .alreadyExists(path): "an OM DB already exists at \(path)"
        case let .missingTable(name): "the OM DB has no table \(name)"
        case .closed: "the simulated OM is closed"
        case let .operationsHeld(count): "\(count) operations are written but held from readers; publish them before asking for a checkpoint"
        }
    }
}
