namespace Allo.Scheduler.Options;

/// <summary>
/// A setting is missing or wrong. The message is one sentence naming what to set, because it is
/// what an operator sees when the service refuses to start; line breaks from a quoted error are folded
/// into it so that it stays one line.
/// </summary>
public sealed class ConfigurationProblem(string message, Exception? inner = null)
    : Exception(string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)), inner);
