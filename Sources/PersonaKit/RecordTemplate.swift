import Foundation

/// How a record with any fields becomes the text PersonaBank embeds: `--text-template
/// "{professional_persona} Hobbies: {hobbies_and_interests_list}"` over the columns of a Parquet file
/// or the fields of JSONL objects (Nemotron-Personas, Persona Hub, a team's own schema).
///
/// A placeholder names a column or field; strings are used as they are, numbers and booleans as
/// written, lists joined with ", " (nulls in a list left out) and a null as nothing. A record without
/// a named field, or whose field is an object, is a bad record naming the field; a rendering that is
/// blank is one too.
public struct RecordTemplate: Sendable, Equatable, CustomStringConvertible {
    /// The template text as given.
    public let source: String
    private let pieces: [TemplateSyntax.Piece]

    /// Parses a template.
    ///
    /// - Parameter template: text with `{column}` placeholders (`{{` and `}}` for literal braces).
    /// - Throws: ``PersonaTextTemplate/TemplateError`` for an unmatched brace, an empty placeholder, or no placeholder at all.
    public init(_ template: String) throws(PersonaTextTemplate.TemplateError) {
        source = template
        pieces = try TemplateSyntax.parse(template)
        guard !columns.isEmpty else {
            throw PersonaTextTemplate.TemplateError(message: "the template \"\(template)\" names no {column}")
        }
    }

    /// The columns the template names, each once, in order of first appearance.
    public var columns: [String] {
        var seen = Set<String>()
        return pieces.compactMap { piece in
            guard case let .placeholder(name) = piece, seen.insert(name).inserted else { return nil }
            return name
        }
    }

    /// Why a record cannot be rendered: the field and what is wrong with it.
    public struct RenderFailure: Error, Sendable, Equatable {
        /// The column or field at fault (nil when the whole rendering is blank).
        public let field: String?
        /// What is wrong.
        public let message: String
    }

    /// The text of `record` (a JSON object or a Parquet row as one).
    ///
    /// - Parameter record: the record's fields.
    /// - Returns: the rendering, or the first field that cannot be rendered.
    public func render(_ record: JSONValue) -> Result<String, RenderFailure> {
        var output = ""
        for piece in pieces {
            switch piece {
            case let .literal(text): output += text
            case let .placeholder(name):
                guard let value = record[name] else { return .failure(RenderFailure(field: name, message: "missing field")) }
                guard let text = Self.text(of: value) else {
                    return .failure(RenderFailure(field: name, message: "expected text, a number or a list, got \(value.quotedForErrors)"))
                }
                output += text
            }
        }
        guard !output.isBlank else { return .failure(RenderFailure(field: nil, message: "the template \"\(source)\" renders an empty text")) }
        return .success(output)
    }

    /// A value as text; nil for an object (or a list holding one).
    private static func text(of value: JSONValue) -> String? {
        switch value {
        case .null: return ""
        case let .string(text): return text
        case let .bool(flag): return flag ? "true" : "false"
        case let .number(number):
            return number.rounded() == number && abs(number) < 1e15 ? String(Int64(number)) : String(number)
        case let .array(items):
            var parts: [String] = []
            for item in items where item != .null {
                guard let part = text(of: item) else { return nil }
                parts.append(part)
            }
            return parts.joined(separator: ", ")
        case .object: return nil
        }
    }

    /// The template text as given.
    public var description: String { source }

    /// A field's values as categories: a list gives each of its items (nulls left out), a null none,
    /// any other value itself as text; nil for an object (or a list holding one or a list).
    public static func categoryValues(of value: JSONValue) -> [String]? {
        switch value {
        case .null: return []
        case let .array(items):
            var values = [String]()
            for item in items where item != .null {
                if case .array = item { return nil }
                guard let text = text(of: item) else { return nil }
                values.append(text)
            }
            return values
        default: return text(of: value).map { [$0] }
        }
    }
}
