import Foundation
import PersonaKit

/// A prompt template file (`{"system": …, "user": …}`, as `spb-generate --prompt-template` takes), read
/// for the audit's prompt-echo rule: only its texts matter here, a missing key is the default prompt's.
public enum PromptTemplateFile {
    /// The system and user templates of the file at `url`.
    /// - Throws: `InputError` naming the file (and the key) when it is not such an object.
    public static func templates(contentsOf url: URL) throws -> [String] {
        let value: JSONValue
        do { value = try JSONValue.parse(Array(try Data(contentsOf: url))) } catch let error as JSONSyntaxError {
            throw InputError(file: url.relativePath, line: nil, field: nil, message: "not valid JSON (\(error)); expected {\"system\": ..., \"user\": ...}")
        } catch {
            throw InputError(file: url.relativePath, line: nil, field: nil, message: "cannot read (\(error.localizedDescription))")
        }
        guard case .object = value else {
            throw InputError(file: url.relativePath, line: nil, field: nil, message: "expected a JSON object with \"system\" and/or \"user\"")
        }
        return try [("system", DefaultPrompt.system), ("user", DefaultPrompt.user)].map { key, fallback in
            switch value[key] {
            case nil: return fallback
            case let .string(text)?: return text
            case let other?: throw InputError(file: url.relativePath, line: nil, field: key, message: "expected a string, found \(other.typeName)")
            }
        }
    }
}
