import ArgumentParser
import Foundation
import Hummingbird
import Logging
import OMSimulator

/// `omsim serve --db DIR --port P`: serves `/dbCheckpoint` and `/dbUpdates`, optionally
/// mutating the DB at a steady rate (changeable through `PUT /workload`, see
/// ``OMSimControlRoutes``), until SIGTERM or SIGINT.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Serve an OM DB's checkpoints and deltas over HTTP.")

    @Option(name: .long, help: "The OM DB directory (made by `omsim generate`).")
    var db: String

    @Option(name: .long, help: "Port to listen on (0 picks a free one).")
    var port: Int = 9874

    @Option(name: .long, help: "Address to listen on.")
    var address: String = "127.0.0.1"

    @Option(name: .customLong("write-rate"), help: "OM operations per second applied while serving (0: none).")
    var writeRate: Double = 0

    @Option(name: .customLong("wal-ttl"), help: "Seconds WAL files are kept after flush; older deltas answer 410.")
    var walTTL: UInt64 = 1200

    @Option(name: .customLong("seed"), help: "Seed of the workload (default: derived from the DB).")
    var seed: UInt64?

    @Flag(name: .customLong("exit-with-parent"), help: "Shut down when the parent process goes away (for test harnesses).")
    var exitWithParent = false

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0...65535") }
        guard writeRate >= 0 else { throw ValidationError("--write-rate must not be negative") }
    }

    func run() async throws {
        LoggingSystem.bootstrap { StreamLogHandler.standardError(label: $0) }
        let logger: Logger = {
            var l = Logger(label: "omsim")
            l.logLevel = .info
            return l
        }()
        let om = try SimulatedOM.open(at: db, options: SimulatedOMOptions(
            walTTLSeconds: walTTL, workloadSeed: seed, clock: .wallClock))
        defer { om.close() }
        let sequence = try om.latestSequenceNumber
        logger.info("opened OM DB \(db) at sequence \(sequence)")

        let driver = WorkloadDriver(om: om, logger: logger)
        let router = Router()
        OMSimRoutes(om: om, logger: logger).register(on: router)
        OMSimControlRoutes(om: om, driver: driver).register(on: router)
        let address = self.address
        let app = Application(
            router: router,
            configuration: .init(address: .hostname(address, port: port), serverName: "omsim"),
            onServerRunning: { channel in
                logger.info("serving on http://\(address):\(channel.localAddress?.port ?? 0)")
            },
            logger: logger)

        if exitWithParent { Self.watchParent(logger: logger) }
        await driver.setRate(writeRate)
        do {
            try await app.runService(gracefulShutdownSignals: [.sigterm, .sigint])
        } catch {
            await driver.stop()
            throw error
        }
        await driver.stop()
        logger.info("stopped after \(om.workload.stats.total) operations")
    }

    /// Sends this process SIGTERM (a graceful stop) once its parent has exited.
    static func watchParent(logger: Logger) {
        let parent = getppid()
        Task.detached {
            while getppid() == parent {
                try? await Task.sleep(for: .seconds(1))
            }
            logger.warning("parent process \(parent) is gone; stopping")
            kill(getpid(), SIGTERM)
        }
    }
}
