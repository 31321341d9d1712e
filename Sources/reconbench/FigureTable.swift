/// Builds the results table's rows: each target check and the headline figures.
enum FigureTable {
    /// The rows for `r`.
    static func figures(_ r: BenchResults) -> [Figure] {
        var rows: [Figure] = []
        if let scan = r.rawScan {
            for pass in scan.passes {
                rows.append(Figure(
                    name: "Raw scan, \(pass.threads) thread\(pass.threads == 1 ? "" : "s")", target: "—",
                    measured: "\(Format.count(pass.recordsPerSecond)) records/s, "
                        + String(format: "%.0f MiB/s, ", pass.mebibytesPerSecond)
                        + "\(Format.seconds(pass.seconds))\(spread(scan.repeatSeconds[String(pass.threads)] ?? [])) "
                        + "for \(Format.count(Double(pass.records))) records",
                    pass: nil))
            }
        }
        if let run = r.reprocess { rows += reprocessRows(run, repeats: r.reprocessRepeats) }
        if let load = r.apiDuringStaging { rows += apiRows(load) }
        rows += lagRows(r.deltaLag)
        if !r.deltaLag.isEmpty {
            rows.append(Figure(
                name: "Highest write rate held without a growing lag", target: "—",
                measured: r.highestRateHeld.map { "\(Format.count($0)) ops/s" } ?? "none of \(r.deltaLag.map { Format.count($0.requestedRate) }.joined(separator: ", "))",
                pass: nil))
        }
        return rows
    }

    /// " (median of 3: 1.2–1.5 s)" for several runs, "" for one.
    private static func spread(_ seconds: [Double]) -> String {
        guard seconds.count > 1, let low = seconds.min(), let high = seconds.max() else { return "" }
        return " (median of \(seconds.count): \(String(format: "%.2f", low))–\(Format.seconds(high)))"
    }

    private static func reprocessRows(_ run: ReprocessResult, repeats: [ReprocessResult]) -> [Figure] {
        var rows = [
            Figure(name: "Reprocess wall time (trigger to switch)", target: "—",
                   measured: "\(Format.seconds(run.wallSeconds))\(spread(repeats.map(\.wallSeconds))) "
                       + "for \(Format.count(Double(run.recordsScanned))) records"
                       + (run.cpuSeconds.map { String(format: ", %.1f CPU s", $0) } ?? ""), pass: nil),
            Figure(name: "Reprocess records/s", target: "≥ \(Format.count(BenchTargets.reprocessRecordsPerSecond))",
                   measured: Format.count(run.recordsPerSecond),
                   pass: run.recordsPerSecond >= BenchTargets.reprocessRecordsPerSecond),
        ]
        if let ratio = run.ratioToRawScan {
            rows.append(Figure(name: "Reprocess time / raw scan", target: String(format: "≤ %.0f×", BenchTargets.ratioToRawScan),
                               measured: String(format: "%.2f×", ratio), pass: ratio <= BenchTargets.ratioToRawScan))
        }
        // Memory: the highest of every run, not the median's.
        let highest = (repeats.isEmpty ? [run] : repeats).max { BenchTargets.peakRSS($0) < BenchTargets.peakRSS($1) }!
        let peak = BenchTargets.peakRSS(highest)
        rows.append(Figure(
            name: "Peak RSS of recond during the reprocess", target: "≤ \(Format.bytes(BenchTargets.peakRSSBytes))",
            measured: Format.bytes(peak) + " (sampled \(highest.peakRSSBytes.map(Format.bytes) ?? "?"), VmHWM \(highest.vmHWMBytes.map(Format.bytes) ?? "?")"
                + (repeats.count > 1 ? ", highest of \(repeats.count) runs)" : ")"),
            pass: peak > 0 ? peak <= BenchTargets.peakRSSBytes : nil))
        rows.append(Figure(
            name: "Bytes written (recond I/O / staged generation on disk)", target: "—",
            measured: "\(run.writeBytes.map(Format.bytes) ?? "?")"
                + (counterDelta(run.writeBytes, run.cancelledWriteBytes).map { " (\(Format.bytes($0)) net of cancelled writes)" } ?? "")
                + " / \(run.generationBytes.map(Format.bytes) ?? "?")"
                + " (apparent \(run.generationApparentBytes.map(Format.bytes) ?? "?"))", pass: nil))
        if let pause = run.switchPauseMillis {
            rows.append(Figure(name: "Switch pause (reprocess)", target: "≤ \(Format.millis(BenchTargets.switchPauseMillis))",
                               measured: Format.millis(pause), pass: pause <= BenchTargets.switchPauseMillis))
        }
        return rows
    }

    private static func apiRows(_ load: APILoadResult) -> [Figure] {
        var rows: [Figure] = []
        for route in load.routes {
            let ok = route.ok > 0
            rows.append(Figure(
                name: "API `\(route.path)` during staging (\(load.concurrency) clients)",
                target: "p99 ≤ \(Format.millis(BenchTargets.apiP99Millis))",
                measured: "p50 \(Format.millis(route.latencyMillis.p50)), p99 \(Format.millis(route.latencyMillis.p99)), \(route.requests) requests"
                    + (ok ? "" : " (no answer with data)"),
                pass: ok && route.latencyMillis.p99 <= BenchTargets.apiP99Millis))
        }
        let empty = load.routes.reduce(0) { $0 + $1.empty }
        let failed = load.routes.reduce(0) { $0 + $1.failed }
        rows.append(Figure(name: "Empty or failed API answers during staging", target: "0",
                           measured: "\(empty) empty, \(failed) failed", pass: empty + failed == 0))
        let peak = BenchTargets.peakRSS(load.reprocess)
        rows.append(Figure(
            name: "Peak RSS of recond during the reprocess under API load", target: "≤ \(Format.bytes(BenchTargets.peakRSSBytes))",
            measured: Format.bytes(peak) + ", reprocess \(Format.seconds(load.reprocess.wallSeconds)) = \(Format.count(load.reprocess.recordsPerSecond)) records/s",
            pass: peak > 0 ? peak <= BenchTargets.peakRSSBytes : nil))
        if let pause = load.reprocess.switchPauseMillis {
            rows.append(Figure(
                name: "Switch pause under API load", target: "≤ \(Format.millis(BenchTargets.switchPauseMillis))",
                measured: Format.millis(pause) + (load.maxLatencyAtSwitchMillis.map { ", longest answer at the switch \(Format.millis($0))" } ?? ""),
                pass: pause <= BenchTargets.switchPauseMillis))
        }
        return rows
    }

    private static func lagRows(_ lags: [DeltaLagResult]) -> [Figure] {
        lags.map { lag in
            let checked = lag.requestedRate == BenchTargets.lagRate
            return Figure(
                name: "Delta lag at \(Format.count(lag.requestedRate)) ops/s (\(lag.writes == .held ? "written ahead, published at the rate" : "written live"))",
                target: checked ? "p99 ≤ \(Format.seconds(BenchTargets.lagP99Seconds))" : "—",
                measured: "p50 \(Format.seconds(lag.lagSeconds.p50)), p99 \(Format.seconds(lag.lagSeconds.p99)), max \(Format.seconds(lag.lagSeconds.max)); "
                    + "\(Format.count(lag.achievedRate)) ops/s achieved" + (lag.held ? ", held" : ", not held"),
                pass: checked ? BenchTargets.lagMet(lag) : nil)
        }
    }

    /// The markdown report: the run's facts and the table.
    static func markdown(_ r: BenchResults) -> String {
        let m = r.machine
        var lines = [
            "# reconbench \(r.startedAt)",
            "",
            "- command: `\(m.commandLine)`",
            "- keys: \(Format.count(Double(r.parameters.keys))) (seed \(r.parameters.seed)); targets are set for \(Format.count(Double(BenchTargets.keys))) keys on 2 cores",
            "- machine: \(m.cores) cores (\(m.cpuModel)), \(Format.bytes(m.memoryBytes)) memory, \(m.kernel); load average at start \(m.loadAverageAtStart)",
            "- build: \(m.swiftVersion); commit \(m.gitCommit)",
            "- recond: \(r.parameters.workers) workers, sync interval \(r.parameters.syncIntervalMillis) ms, plugins \(r.parameters.pluginsLoaded.joined(separator: ", "))"
                + (r.parameters.pluginsMissing.isEmpty ? "" : " (missing: \(r.parameters.pluginsMissing.joined(separator: ", ")))"),
            "- delta lag: " + (r.parameters.lagWrites == .held
                ? "omsim writes each window's operations ahead, held from readers, then publishes them at the rate (`--lag-writes held`)"
                : "omsim writes at the rate during each window, on the same cores as recond (`--lag-writes live`)"),
            "",
            "| Figure | Target | Measured | Pass |",
            "|---|---|---|---|",
        ]
        for f in r.figures {
            let pass = f.pass.map { $0 ? "yes" : "**NO**" } ?? "—"
            lines.append("| \(f.name) | \(f.target) | \(f.measured) | \(pass) |")
        }
        for profile in r.profiles {
            lines += ["", "Profile of \(profile.process) for \(profile.figure) (`\(profile.reportCommand)`):", "", "```"]
            lines += ["by shared object (self):"] + profile.topObjects.prefix(8)
            lines += ["", "by symbol (self):"] + profile.topSymbols.prefix(15)
            lines += ["", "by symbol (with callees, thread and closure frames left out):"] + profile.topInclusive.prefix(20)
            lines.append("```")
        }
        if !r.notes.isEmpty {
            lines += ["", "Notes:"] + r.notes.map { "- " + $0 }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
