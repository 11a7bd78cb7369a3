using Allo.Scheduler.Messaging;
using Allo.TestSupport;
using Allo.Web.Webhooks;
using Microsoft.AspNetCore.Http;

namespace Allo.Web.Tests.Webhooks;

/// <summary>How much of a body <see cref="TwilioForm"/> takes before it refuses it.</summary>
public sealed class TwilioFormTests
{
    private static readonly TwilioSettings Twilio = new(FakeTwilio.AccountSid, FakeTwilio.AuthToken, FakeTwilio.From, FakeTwilio.From, new Uri("https://allo.example/"), null);

    private static DefaultHttpContext Request(Stream body, long? length)
    {
        var http = new DefaultHttpContext();
        http.Request.Method = "POST";
        http.Request.Path = "/webhooks/twilio/sms";
        http.Request.ContentType = "application/x-www-form-urlencoded";
        http.Request.ContentLength = length;
        http.Request.Body = body;
        return http;
    }

    [Fact]
    public async Task A_body_of_no_stated_length_is_read_only_up_to_one_byte_past_the_limit_then_refused_with_413()
    {
        var endless = new EndlessStream();
        var read = await TwilioForm.ReadAsync(Request(endless, null).Request, Twilio, [], CancellationToken.None);
        Assert.Equal(StatusCodes.Status413PayloadTooLarge, Assert.IsType<TwilioRequest.Refused>(read).Status);
        Assert.Equal(TwilioForm.MaxBodyBytes + 1, endless.Taken);
    }

    [Fact]
    public async Task A_body_whose_stated_length_is_over_the_limit_is_refused_with_413_without_reading_it()
    {
        var endless = new EndlessStream();
        var read = await TwilioForm.ReadAsync(Request(endless, TwilioForm.MaxBodyBytes + 1).Request, Twilio, [], CancellationToken.None);
        Assert.Equal(StatusCodes.Status413PayloadTooLarge, Assert.IsType<TwilioRequest.Refused>(read).Status);
        Assert.Equal(0, endless.Taken);
    }

    /// <summary>"Body=xxxx…" without end, counting what was taken from it.</summary>
    private sealed class EndlessStream : Stream
    {
        public long Taken { get; private set; }

        public override int Read(byte[] buffer, int offset, int count)
        {
            for (var i = 0; i < count; i++)
            {
                buffer[offset + i] = Taken + i < 5 ? (byte)"Body="[(int)(Taken + i)] : (byte)'x';
            }
            Taken += count;
            return count;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var array = new byte[buffer.Length];
            var read = Read(array, 0, array.Length);
            array.AsMemory(0, read).CopyTo(buffer);
            return ValueTask.FromResult(read);
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => Taken; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
