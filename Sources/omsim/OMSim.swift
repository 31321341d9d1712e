import ArgumentParser

/// `omsim`: an Ozone Manager stand-in that generates OM DBs in Ozone's format, mutates
/// them, and serves checkpoints and delta updates over HTTP.
@main
struct OMSim: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "omsim",
        abstract: "An Ozone Manager stand-in: generates OM DBs, mutates them, serves /dbCheckpoint and /dbUpdates.",
        subcommands: [GenerateCommand.self, ServeCommand.self])
}
