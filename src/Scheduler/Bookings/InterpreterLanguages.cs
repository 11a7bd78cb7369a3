namespace Allo.Scheduler.Bookings;

/// <summary>
/// The languages other than ours that an interpreter is most often needed for in Belgium, in the order
/// a keypad menu offers them (key 1 first). The web and text messages take any language in the citizen's
/// own words (<see cref="BookingFields.MaxLanguageName"/>); a caller with only a keypad chooses from this
/// list, and the name stored is the one of the call's language (messages "Interpreter.{code}"), as a
/// citizen would have typed it on the web.
/// </summary>
public static class InterpreterLanguages
{
    public static IReadOnlyList<string> Codes { get; } = ["ar", "tr", "es", "it", "pl", "ro", "pt"];

    public static string TextKey(string code) => "Interpreter." + code;
}
