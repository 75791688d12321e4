/// One message of a chat conversation.
public struct ChatMessage: Sendable, Equatable, Codable {
    /// Who speaks.
    public enum Role: String, Sendable, Equatable, Codable {
        case system, user, assistant
    }

    /// The speaker.
    public var role: Role
    /// The text.
    public var content: String

    /// Creates a message.
    ///
    /// - Parameters:
    ///   - role: The speaker.
    ///   - content: The text.
    public init(role: Role, content: String) {
        self.role = role
        self.content = content
    }

    /// A system message.
    public static func system(_ content: String) -> ChatMessage { ChatMessage(role: .system, content: content) }
    /// A user message.
    public static func user(_ content: String) -> ChatMessage { ChatMessage(role: .user, content: content) }
    /// An assistant message.
    public static func assistant(_ content: String) -> ChatMessage { ChatMessage(role: .assistant, content: content) }
}
