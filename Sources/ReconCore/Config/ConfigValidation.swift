import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Checks on the text of individual settings.
enum ConfigValidation {
    /// True for an IPv4 address, an IPv6 address (optionally in brackets) or a DNS hostname.
    static func isHost(_ text: String) -> Bool {
        guard !text.isEmpty, text.count <= 253 else { return false }
        if text.contains(":") {
            var body = Substring(text)
            if body.hasPrefix("["), body.hasSuffix("]") { body = body.dropFirst().dropLast() }
            var address = in6_addr()
            return inet_pton(AF_INET6, String(body), &address) == 1
        }
        let labels = text.split(separator: ".", omittingEmptySubsequences: false)
        if labels.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }) {
            var address = in_addr()
            return inet_pton(AF_INET, text, &address) == 1
        }
        return labels.allSatisfy { label in
            (1...63).contains(label.count)
                && label.first != "-" && label.last != "-"
                && label.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
        }
    }

    /// True for an absolute `http://` or `https://` URL with a host.
    static func isHTTPURL(_ text: String) -> Bool {
        guard !text.contains(where: \.isWhitespace),
              let components = URLComponents(string: text),
              let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https",
              let host = components.host, !host.isEmpty
        else { return false }
        return true
    }

    /// True for URLs naming a PostgreSQL server (`postgres://` or `postgresql://`, any case).
    static func isPostgresURL(_ text: String) -> Bool {
        let lower = text.lowercased().drop { $0 == " " }
        return lower.hasPrefix("postgres://") || lower.hasPrefix("postgresql://")
    }

    /// True for plugin names matching `[a-z][a-z0-9_]{0,63}`.
    static func isPluginName(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, ("a"..."z").contains(first), text.unicodeScalars.count <= 64 else {
            return false
        }
        return text.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
    }
}
