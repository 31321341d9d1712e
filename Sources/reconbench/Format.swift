import Foundation

/// Number formats of progress lines and the results table.
enum Format {
    /// `1.23 GiB`, `456.7 MiB`, `12.0 KiB`.
    static func bytes(_ value: UInt64) -> String {
        let v = Double(value)
        if v >= Double(1 << 30) { return String(format: "%.2f GiB", v / Double(1 << 30)) }
        if v >= Double(1 << 20) { return String(format: "%.1f MiB", v / Double(1 << 20)) }
        return String(format: "%.1f KiB", v / 1024)
    }

    /// `1,234,567`.
    static func count(_ value: Double) -> String {
        let formatter = NumberFormatter()
        formatter.numberStyle = .decimal
        formatter.maximumFractionDigits = 0
        formatter.groupingSeparator = ","
        formatter.usesGroupingSeparator = true
        return formatter.string(from: NSNumber(value: value.rounded())) ?? String(Int(value))
    }

    /// `12.3 ms`.
    static func millis(_ value: Double) -> String {
        String(format: "%.1f ms", value)
    }

    /// `1.23 s`.
    static func seconds(_ value: Double) -> String {
        String(format: "%.2f s", value)
    }
}
