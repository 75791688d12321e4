import Foundation

// `localizedDescription` of these errors is their description, not Foundation's generic
// "The operation could not be completed".

extension InputError: LocalizedError {
    /// Same as ``description``.
    public var errorDescription: String? { description }
}

extension FieldError: LocalizedError {
    /// Same as ``description``.
    public var errorDescription: String? { description }
}

extension JSONSyntaxError: LocalizedError {
    /// Same as ``description``.
    public var errorDescription: String? { description }
}

extension PersonaTextTemplate.TemplateError: LocalizedError {
    /// Same as ``description``.
    public var errorDescription: String? { description }
}
