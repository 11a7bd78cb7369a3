using Allo.Scheduler.Staff;

namespace Allo.Web.Infrastructure;

/// <summary>
/// <c>dotnet run --project src/Web -- create-manager EMAIL "NAME" [LANGUAGES]</c>, with the password in
/// ALLO_MANAGER_PASSWORD: how a new installation gets its first manager (production seeds no accounts).
/// LANGUAGES (e.g. <c>nl,fr</c>) are the ones the call queue routes to them; without, they take no calls
/// until a manager sets them on the team page.
/// </summary>
public sealed record StaffCommand(string Email, string Name, string Languages = "")
{
    public const string PasswordVariable = "ALLO_MANAGER_PASSWORD";

    public static StaffCommand? Parse(string[] args)
    {
        if (args.Length == 0 || args[0] != "create-manager")
        {
            return null;
        }
        if (args.Length < 3)
        {
            throw new Scheduler.Options.ConfigurationProblem("create-manager needs an email and a name: create-manager manager@example.be \"Ann Peeters\" nl,fr, with the password in ALLO_MANAGER_PASSWORD.");
        }
        if (args.Length < 4)
        {
            return new StaffCommand(args[1], args[2]);
        }
        return StaffLanguages.Parse(args[3]) is { } languages
            ? new StaffCommand(args[1], args[2], languages)
            : throw new Scheduler.Options.ConfigurationProblem($"create-manager's languages must be codes among nl, fr, de and en separated by commas (such as nl,fr), not \"{args[3]}\".");
    }

    public async Task<int> RunAsync(IServiceProvider services)
    {
        var password = Environment.GetEnvironmentVariable(PasswordVariable);
        if (string.IsNullOrEmpty(password))
        {
            Console.Error.WriteLine($"Set {PasswordVariable} to the new manager's password (at least 12 characters with upper case, lower case and a digit).");
            return 1;
        }
        await DatabaseStartupService.PrepareAsync(services);
        await using var scope = services.CreateAsyncScope();
        try
        {
            await StaffAccounts.CreateAsync(scope.ServiceProvider, Email, Name, password, StaffRoles.Manager, Languages);
        }
        catch (InvalidOperationException e)
        {
            Console.Error.WriteLine($"The manager was not created: {e.Message}");
            return 1;
        }
        Console.WriteLine($"{Email} can now sign in at /staff/sign-in as a manager.");
        return 0;
    }
}
