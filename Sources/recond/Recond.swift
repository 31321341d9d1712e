import ArgumentParser
import ReconCore

/// `recond`: the Recon daemon and its operator commands.
@main
struct Recond: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recond",
        abstract: "A Recon-compatible metadata service for Apache Ozone, with task plugins.",
        version: ReconVersion.current,
        subcommands: [RunCommand.self, CheckConfigCommand.self, PluginsCommand.self])
}
