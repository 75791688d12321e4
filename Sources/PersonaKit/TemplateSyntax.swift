/// The placeholder syntax shared by ``PersonaTextTemplate`` and ``RecordTemplate``: `{name}` is a
/// placeholder, `{{` and `}}` are literal braces, anything else is literal text.
enum TemplateSyntax {
    /// One piece of a parsed template.
    enum Piece: Sendable, Equatable {
        case literal(String)
        case placeholder(String)
    }

    /// Splits `template` into literal text and placeholder names, in order.
    /// - Throws: ``PersonaTextTemplate/TemplateError`` for an unmatched brace or an empty placeholder.
    static func parse(_ template: String) throws(PersonaTextTemplate.TemplateError) -> [Piece] {
        var pieces: [Piece] = []
        var literal = ""
        var index = template.startIndex
        while index < template.endIndex {
            let character = template[index]
            let next = template.index(after: index)
            if character == "{" {
                if next < template.endIndex, template[next] == "{" {
                    literal.append("{")
                    index = template.index(after: next)
                    continue
                }
                guard let close = template[next...].firstIndex(of: "}") else {
                    throw PersonaTextTemplate.TemplateError(message: "unmatched '{' in template \"\(template)\"")
                }
                let name = String(template[next..<close])
                guard !name.isEmpty else { throw PersonaTextTemplate.TemplateError(message: "empty placeholder {} in template \"\(template)\"") }
                if !literal.isEmpty { pieces.append(.literal(literal)); literal = "" }
                pieces.append(.placeholder(name))
                index = template.index(after: close)
            } else if character == "}" {
                guard next < template.endIndex, template[next] == "}" else {
                    throw PersonaTextTemplate.TemplateError(message: "unmatched '}' in template \"\(template)\" (write }} for a brace)")
                }
                literal.append("}")
                index = template.index(after: next)
            } else {
                literal.append(character)
                index = next
            }
        }
        if !literal.isEmpty { pieces.append(.literal(literal)) }
        return pieces
    }
}
