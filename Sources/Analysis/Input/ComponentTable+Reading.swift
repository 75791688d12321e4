import Foundation
import PersonaKit

extension ComponentTable {
    /// Reads a component file.
    /// - Throws: `InputError` naming the file and field for unreadable or malformed content.
    public init(contentsOf url: URL) throws {
        let path = url.path
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw InputError(file: path, line: nil, field: nil, message: "cannot read (\(error.localizedDescription))")
        }
        let root: JSONValue
        do { root = try JSONDecoder().decode(JSONValue.self, from: data) } catch {
            throw InputError(file: path, line: nil, field: nil, message: "not valid JSON")
        }
        func entries(_ key: String) throws -> [Entry] {
            guard let value = root[key] else { return [] }
            guard case let .array(items) = value else {
                throw InputError(file: path, line: nil, field: key, message: "expected an array, got \(value.typeName)")
            }
            return try items.enumerated().map { index, item in
                let field = "\(key)[\(index)]"
                guard case let .string(text)? = item["value"] else {
                    throw InputError(file: path, line: nil, field: field + ".value", message: "expected a string")
                }
                var weight = 1.0
                if let raw = item["weight"] {
                    guard case let .number(number) = raw, number.isFinite, number >= 0 else {
                        throw InputError(file: path, line: nil, field: field + ".weight", message: "expected a non-negative number")
                    }
                    weight = number
                }
                func age(_ name: String) throws -> Int? {
                    guard let raw = item[name], raw != .null else { return nil }
                    guard case let .number(number) = raw, number.rounded() == number, abs(number) < 1000 else {
                        throw InputError(file: path, line: nil, field: field + "." + name, message: "expected a whole number")
                    }
                    return Int(number)
                }
                return Entry(value: text, weight: weight, minAge: try age("min_age"), maxAge: try age("max_age"))
            }
        }
        self.init(professions: try entries("professions"), lifeContexts: try entries("life_contexts"),
                  traits: try entries("traits"), quirks: try entries("chatting_quirks"), source: path)
    }
}
