import Foundation
import Logging
import Synchronization

/// The phases of one attempt (see the state diagram on ``StagedReprocessor``).
extension StagedReprocessor {
    /// One attempt from INITIALIZING to the switch. Returns the sequence the new
    /// generation's cursors reached. On failure before the commit point it rolls
    /// back (the state ends FAILED) and rethrows.
    func attemptOnce(_ view: any OMScanView) async throws -> UInt64 {
        recorder.transition(to: .initializing)
        let staged: StagedGeneration
        do {
            staged = try await StagingThreads.run("recond-staging-init") { [self] in
                try StagedGeneration.create(in: generations, plugins: plugins, options: storageOptions)
            }
        } catch {
            await rollBack(nil, error)
            throw error
        }
        recorder.setStagedGeneration(staged.id)
        logger.info("building task generation \(staged.id)")
        do {
            try await StagingThreads.run("recond-staging-init", nice: config.nice) { [self] in try initializeStores(staged, view) }
            try Task.checkCancellation()

            recorder.transition(to: .processing)
            try await process(staged, view)
            try Task.checkCancellation()

            recorder.transition(to: .catchingUp)
            let cancelled = Atomic<Bool>(false)
            return try await withTaskCancellationHandler {
                try await StagingThreads.run("recond-staging-commit") { [self] in
                    try catchUpAndSwitch(staged, view) { cancelled.load(ordering: .relaxed) }
                }
            } onCancel: {
                cancelled.store(true, ordering: .relaxed)
            }
        } catch let crash as SimulatedCrash {
            staged.abandon()
            throw crash
        } catch {
            await rollBack(staged, error)
            throw error
        }
    }

    /// INITIALIZING: `init_store` for every plugin, each committed with cursor 0.
    private func initializeStores(_ staged: StagedGeneration, _ view: any OMScanView) throws {
        let reads = ScanViewReplica(view: view)
        for plugin in plugins {
            try StagedWrite.run(staged.store(plugin), cursor: 0) { transaction in
                try plugin.initStore(StagedWrite.context(plugin, transaction, omReplica: reads, decoder: decoder))
            }
        }
        recorder.setPlugins(.processing)
    }

    /// PROCESSING: begin, the shared scan, merge, the bulk-built tables' last ingest.
    private func process(_ staged: StagedGeneration, _ view: any OMScanView) async throws {
        let capable = plugins.filter(\.info.supportsReprocess)
        let workers = max(1, config.workers)
        let scan = try await StagingThreads.run("recond-staging-plan", nice: config.nice) { [self] in
            let reads = ScanViewReplica(view: view)
            for plugin in capable {
                try StagedWrite.run(staged.store(plugin), cursor: nil) { transaction in
                    try plugin.reprocessBegin(
                        workers: workers, StagedWrite.context(plugin, transaction, omReplica: reads, decoder: decoder))
                }
            }
            return try ReprocessScan(
                view: view, plugins: capable, staged: staged, workers: workers, nice: config.nice, chunking: chunking,
                decoder: decoder, recorder: recorder, fault: { [self] in try fault($0) })
        }
        recorder.beginScan(total: scan.total)
        logger.info("scanning about \(scan.total) OM records in \(scan.plan.count) range(s) for \(capable.count) plugin(s)")
        let scanStart = ContinuousClock.now
        try await withTaskCancellationHandler {
            try await scan.run()
        } onCancel: {
            scan.cancel()
        }
        recorder.endScan()
        try Task.checkCancellation()
        logger.info("scanned \(scan.total) OM records in \(Self.seconds(since: scanStart))")

        try await StagingThreads.parallel(plugins.count, "recond-staging-merge", nice: config.nice) { [self] i in
            let plugin = plugins[i]
            let mergeStart = ContinuousClock.now
            try StagedWrite.run(staged.store(plugin), cursor: view.sequence) { transaction in
                guard plugin.info.supportsReprocess else { return }
                try fault(.merge)
                try plugin.reprocessMerge(StagedWrite.context(
                    plugin, transaction, omReplica: ScanViewReplica(view: view), decoder: decoder))
            }
            let ingestStart = ContinuousClock.now
            // The last bulk-collected rows go to disk here, in parallel across plugins.
            try staged.store(plugin).finishBulkTables()
            recorder.setPlugins(.merged, [plugin.name])
            logger.info("""
                plugin \(plugin.name) merged in \(Self.seconds(from: mergeStart, to: ingestStart)), \
                its bulk-built tables written in \(Self.seconds(since: ingestStart))
                """)
        }
    }

    /// A duration for the log: "1.234 s".
    private static func seconds(from start: ContinuousClock.Instant, to end: ContinuousClock.Instant) -> String {
        let d = (end - start).components
        return String(format: "%.3f s", Double(d.seconds) + Double(d.attoseconds) / 1e18)
    }

    private static func seconds(since start: ContinuousClock.Instant) -> String {
        seconds(from: start, to: .now)
    }

    /// CATCHING_UP to COMMITTING. Replays the buffer from its start; flushes once while
    /// it is still open; then, with the buffer locked and fully read, validates,
    /// seals, marks and switches.
    private func catchUpAndSwitch(
        _ staged: StagedGeneration, _ view: any OMScanView, isCancelled: () -> Bool
    ) throws -> UInt64 {
        let applier = CatchUpApplier(
            plugins: plugins, base: view.sequence, omReplica: omReplica, decoder: decoder,
            fault: { [self] in try fault($0) })
        var flushed = false
        var cursor = DeltaBuffer.Cursor.start
        while true {
            while let batch = try deltas.next(&cursor) {
                if isCancelled() { throw CancellationError() }
                try applier.apply(batch, to: staged)
                deltas.noteRead(cursor)
            }
            if isCancelled() { throw CancellationError() }
            if !flushed {
                // The bulk of the data, made durable while deltas can still arrive.
                try staged.generation.flushAndSync()
                flushed = true
                continue
            }
            // Pinned across the swap so that retiring it (closing, deleting its
            // files) happens after the buffer is released, not during the hold.
            var previous: GenerationLease?
            let switched = try deltas.closeIfRead(upTo: cursor) {
                let held = ContinuousClock.now
                recorder.setPlugins(.caughtUp)
                recorder.transition(to: .readyToCommit)
                try sealAndMark(staged, expected: applier.appliedThrough)
                recorder.transition(to: .committing)
                previous = live.lease()
                let pause = try switchLive(to: staged)
                recorder.switched(
                    pauseMillis: pause, bufferHoldMillis: StagingStatusRecorder.millis(from: held))
            }
            previous?.release()
            if switched { return applier.appliedThrough }
        }
    }

    /// READY_TO_COMMIT: every cursor at `expected`, bulk mode ended (flushed and
    /// synced), GENERATION marker written.
    private func sealAndMark(_ staged: StagedGeneration, expected: UInt64) throws {
        for plugin in plugins {
            let cursor = staged.store(plugin).cursor().sequence
            guard cursor == expected else {
                throw StagingError.validation("plugin \(plugin.name) is at OM sequence \(cursor), expected \(expected)")
            }
        }
        try staged.generation.endBulkLoad()
        try generations.markComplete(staged.id)
        try fault(.beforeSwitch)
    }

    /// COMMITTING: the rename (commit point), the handle swap, the plugins told.
    /// Nothing after the rename throws (except a simulated crash): the new generation
    /// is live on disk, so later failures are recorded, never rolled back.
    /// Returns the pause: rename start to the new generation answering.
    private func switchLive(to staged: StagedGeneration) throws -> Double {
        let start = ContinuousClock.now
        try generations.switchCurrent(to: staged.id)
        do {
            try fault(.afterSwitch)
        } catch let crash as SimulatedCrash {
            throw crash
        } catch {
            recorder.recordError("after the switch: \(error)")
            logger.error("failure after the switch to \(staged.id) (kept): \(error)")
        }
        let old = live.replace(with: staged.generation)
        let pause = StagingStatusRecorder.millis(from: start)
        logger.info("task generation \(staged.id) is live (was \(old.map { "\($0.id)" } ?? "none"); pause \(pause) ms)")
        for plugin in plugins {
            let store = staged.store(plugin)
            do {
                let view = try store.readView()
                defer { view.close() }
                try plugin.onGenerationSwitch(plugin.context(.storage(ReadViewSession(view)), omReplica: omReplica))
            } catch {
                recorder.recordError("on_generation_switch: \(error)")
                logger.error("plugin \(plugin.name) failed on_generation_switch: \(error)")
            }
            statusBoard.finished(plugin.name, success: true, sequence: store.cursor().sequence)
        }
        return pause
    }

    /// ROLLING_BACK → FAILED: close and delete the staged generation (if any).
    func rollBack(_ staged: StagedGeneration?, _ error: any Error) async {
        recorder.transition(to: .rollingBack)
        recorder.attemptFailed("\(error)", plugin: (error as? PluginCallError)?.plugin)
        if let staged {
            do {
                try await StagingThreads.run("recond-staging-rollback") { [generations] in
                    try staged.discard(from: generations)
                }
            } catch {
                logger.error("could not delete the staged generation \(staged.id) (startup will): \(error)")
            }
        }
        recorder.setStagedGeneration(nil)
        recorder.transition(to: .failed)
    }
}
