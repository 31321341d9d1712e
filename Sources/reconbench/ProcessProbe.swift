import Foundation

/// Reads a process's memory, I/O and CPU counters from `/proc/<pid>`.
struct ProcessProbe: Sendable {
    /// The process id.
    let pid: Int32

    /// `VmRSS` in bytes (nil once the process is gone).
    var residentBytes: UInt64? { statusField("VmRSS:") }

    /// `VmHWM` (peak resident set since start or the last ``resetPeakResident()``) in bytes.
    var peakResidentBytes: UInt64? { statusField("VmHWM:") }

    /// Resets `VmHWM` to the current RSS (`echo 5 > /proc/<pid>/clear_refs`); false when
    /// the kernel refused.
    func resetPeakResident() -> Bool {
        guard let handle = FileHandle(forWritingAtPath: "/proc/\(pid)/clear_refs") else { return false }
        defer { try? handle.close() }
        do {
            try handle.write(contentsOf: Data("5".utf8))
            return true
        } catch {
            return false
        }
    }

    /// `write_bytes` of `/proc/<pid>/io`: bytes this process caused to be sent to storage.
    var writeBytes: UInt64? { ioCounter("write_bytes") }

    /// `cancelled_write_bytes` of `/proc/<pid>/io`: bytes counted in ``writeBytes`` that
    /// never reached storage (dirty pages of files deleted or truncated first).
    var cancelledWriteBytes: UInt64? { ioCounter("cancelled_write_bytes") }

    private func ioCounter(_ name: String) -> UInt64? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/io", encoding: .utf8) else { return nil }
        let prefix = name + ":"
        return text.split(separator: "\n").first { $0.hasPrefix(prefix) }
            .flatMap { UInt64($0.dropFirst(prefix.count).trimmingCharacters(in: .whitespaces)) }
    }

    /// User plus system CPU time in seconds (`utime + stime` of `/proc/<pid>/stat`).
    var cpuSeconds: Double? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = text.lastIndex(of: ")") else { return nil }
        // Fields after "(comm)": state is field 3; utime and stime are fields 14 and 15.
        let fields = text[text.index(after: close)...].split(separator: " ")
        guard fields.count > 13, let user = Double(fields[11]), let system = Double(fields[12]) else { return nil }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    private func statusField(_ name: String) -> UInt64? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix(name) }) else { return nil }
        let kib = line.dropFirst(name.count).split(whereSeparator: { $0 == " " || $0 == "\t" }).first.flatMap { UInt64($0) }
        return kib.map { $0 * 1024 }
    }
}
