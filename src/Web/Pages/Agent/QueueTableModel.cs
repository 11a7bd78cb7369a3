using Allo.Scheduler.Calls;

namespace Allo.Web.Pages.Agent;

/// <param name="Action">What each row offers: "claim" for the queue, "take" (with a reason) for calls outside the agent's languages or skills, "open" for callbacks the agent holds.</param>
public sealed record QueueTableModel(string Id, string Caption, string Empty, IReadOnlyList<QueueItem> Items, string Action);
