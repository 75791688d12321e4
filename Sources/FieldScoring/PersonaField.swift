import PersonaKit

/// The four texts of a persona the field-aware score embeds, in the order they are embedded.
public enum PersonaField: Int, Sendable, CaseIterable {
    /// The whole persona text, rendered by the gate's template.
    case whole
    /// `background` alone.
    case background
    /// `traits` joined with ", " (as the template joins them).
    case traits
    /// `chatting_style` alone.
    case chattingStyle

    /// This field's text for `persona` as `template` shows it (name-blind unless it keeps names);
    /// ``whole`` is `template`'s rendering.
    public func text(of persona: Persona, template: PersonaTextTemplate = .default) -> String {
        let shown = template.nameBlind(persona)
        return switch self {
        case .whole: template.render(persona)
        case .background: shown.background
        case .traits: shown.traits.joined(separator: ", ")
        case .chattingStyle: shown.chattingStyle
        }
    }

    /// The four texts of `persona`, in ``allCases`` order.
    public static func texts(of persona: Persona, template: PersonaTextTemplate = .default) -> [String] {
        allCases.map { $0.text(of: persona, template: template) }
    }
}
