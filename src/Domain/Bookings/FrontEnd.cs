namespace Allo.Domain.Bookings;

/// <summary>Where the citizen booked: managers compare how each front door serves people.</summary>
public enum FrontEnd
{
    Web,
    Sms,
    Api,
    /// <summary>By phone call, with the keys of the keypad (the IVR).</summary>
    Phone,
}
