import Yams

/// Turns Yams parse failures into ``ConfigError`` values with a position.
enum ConfigSyntax {
    /// The error for a failed `compose`: YAML syntax problems keep libyaml's position and wording.
    static func error(from error: any Error, file: String, yaml: String) -> ConfigError {
        func make(_ line: Int, _ column: Int, _ message: String) -> ConfigError {
            ConfigError(file: file, line: line, column: column, path: "", message: message)
        }
        guard let yamlError = error as? YamlError else {
            return make(0, 0, "cannot parse the YAML: \(error)")
        }
        switch yamlError {
        case .scanner(let context, let problem, let mark, _),
             .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            if problem == "but found another document" {
                return make(mark.line, mark.column,
                            "invalid YAML: expected a single document, but found another one (remove the extra '---')")
            }
            var message = "invalid YAML: \(problem)"
            if let context {
                message += " (\(context.text) at line \(context.mark.line), column \(context.mark.column))"
            }
            return make(mark.line, mark.column, message)
        case .reader(let problem, let offset, _, _):
            let (line, column) = offset.map { position(ofCharacterOffset: $0, in: yaml) } ?? (0, 0)
            return make(line, column, "invalid YAML input: \(problem)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            let key = duplicates.first ?? ""
            let first = context.mark
            if let second = secondOccurrence(of: key, after: first, in: yaml) {
                return make(second.line, second.column,
                            "duplicate key '\(key)' (first at line \(first.line)); a key may appear only once in a mapping")
            }
            return make(first.line, first.column,
                        "duplicate key '\(key)'; a key may appear only once in a mapping")
        default:
            return make(0, 0, "cannot parse the YAML: \(yamlError)")
        }
    }

    /// 1-based line and column of the character at `offset`.
    static func position(ofCharacterOffset offset: Int, in text: String) -> (line: Int, column: Int) {
        var line = 1
        var column = 1
        for character in text.prefix(offset) {
            if character == "\n" || character == "\r\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        return (line, column)
    }

    /// Where a block-mapping key that first appears at `first` appears again: the next line after `first`
    /// that has `key:` at the same column with only spaces before it, before any line indented less.
    /// Nil when not found that way (flow mappings, quoted keys): callers fall back to the first position.
    static func secondOccurrence(of key: String, after first: Mark, in yaml: String) -> (line: Int, column: Int)? {
        let lines = yaml.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        guard first.line >= 1, first.line < lines.count else { return nil }
        let indent = first.column - 1
        for index in first.line..<lines.count {
            let text = lines[index].unicodeScalars
            let leading = text.prefix { $0 == " " }.count
            let rest = String(String.UnicodeScalarView(text.dropFirst(leading)))
            if rest.isEmpty || rest.hasPrefix("#") { continue }
            if leading < indent { return nil }
            if leading == indent, rest.hasPrefix(key) {
                let after = rest.dropFirst(key.count).drop { $0 == " " }
                if after.hasPrefix(":") { return (index + 1, leading + 1) }
            }
        }
        return nil
    }
}
