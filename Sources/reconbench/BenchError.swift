/// A failure that stops the benchmark, with what went wrong.
struct BenchError: Error, CustomStringConvertible {
    /// The message.
    var description: String

    /// A failure described by `description`.
    init(_ description: String) { self.description = description }
}
