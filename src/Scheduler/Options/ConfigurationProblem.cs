namespace Allo.Scheduler.Options;

/// <summary>
/// A setting is missing or wrong. The message is one sentence naming what to set, because it is
/// what an operator sees when the service refuses to start.
/// </summary>
public sealed class ConfigurationProblem(string message, Exception? inner = null) : Exception(message, inner);
