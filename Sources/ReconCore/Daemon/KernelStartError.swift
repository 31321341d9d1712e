/// Why the kernel could not start. Printed as-is before the process exits.
public enum KernelStartError: Error, Sendable, CustomStringConvertible {
    /// One or more plugins were refused (each on its own line).
    case plugins(PluginLoadErrors)
    /// Task storage could not be opened or prepared.
    case storage(String)

    /// The reason, one problem per line.
    public var description: String {
        switch self {
        case .plugins(let errors): errors.description
        case .storage(let message): "task storage: \(message)"
        }
    }
}
