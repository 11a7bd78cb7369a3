using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Allo.Scheduler.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class OutboxFoundByAddress : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_OutboundMessages_QueuedTo",
                table: "OutboundMessages",
                columns: new[] { "To", "Channel" },
                filter: "\"Status\" = 'Queued'");

            migrationBuilder.CreateIndex(
                name: "IX_OutboundMessages_ThankYouTextsTo",
                table: "OutboundMessages",
                columns: new[] { "To", "SentAt" },
                filter: "\"Kind\" = 'ThankYou' AND \"Channel\" = 'Sms'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_OutboundMessages_QueuedTo",
                table: "OutboundMessages");

            migrationBuilder.DropIndex(
                name: "IX_OutboundMessages_ThankYouTextsTo",
                table: "OutboundMessages");
        }
    }
}
