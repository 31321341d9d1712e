import ArgumentParser
import ReconCore

/// `recond check-config FILE`: prints `OK`, or every error with file:line:column; exits 2 on error.
struct CheckConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-config", abstract: "Validate a config file and print every problem found.")

    @Argument(help: "The config file to check.")
    var file: String

    func run() throws {
        do {
            _ = try ReconConfig.load(path: file)
            print("OK")
        } catch {
            for e in error.errors { printError(e.description) }
            throw ExitCode(2)
        }
    }
}
