import ArgumentParser

/// The benchmark harness: `make bench` runs it.
@main
struct ReconBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reconbench", abstract: "Measures reprocess, delta lag, API latency and memory.")

    func run() async throws {
        throw ValidationError("no benchmark implemented yet")
    }
}
