using Allo.Domain.Bookings;

namespace Allo.Domain.Tests.Bookings;

public sealed class PhoneNumberTests
{
    [Theory]
    [InlineData("0470 12 34 56", "+32470123456", PhoneKind.Mobile)]
    [InlineData("+32 470 12 34 56", "+32470123456", PhoneKind.Mobile)]
    [InlineData("0032470123456", "+32470123456", PhoneKind.Mobile)]
    [InlineData("02 572 57 57", "+3225725757", PhoneKind.Landline)]
    [InlineData("087 55 12 34", "+3287551234", PhoneKind.Landline)]
    [InlineData("+33 6 12 34 56 78", "+33612345678", PhoneKind.Mobile)]
    public void Numbers_are_stored_in_E164_with_their_kind(string typed, string e164, PhoneKind kind)
    {
        Assert.Equal(PhoneProblem.None, PhoneNumber.TryParse(typed, out var phone));
        Assert.Equal(e164, phone!.E164);
        Assert.Equal(kind, phone.Kind);
    }

    [Theory]
    [InlineData("", PhoneProblem.Missing)]
    [InlineData("   ", PhoneProblem.Missing)]
    [InlineData("hello", PhoneProblem.NotANumber)]
    [InlineData("0470 12", PhoneProblem.NotANumber)]
    [InlineData("0900 12 345", PhoneProblem.NotReachable)]
    public void Bad_numbers_say_what_is_wrong(string typed, PhoneProblem problem) =>
        Assert.Equal(problem, PhoneNumber.TryParse(typed, out _));
}
