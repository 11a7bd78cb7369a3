using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Allo.Scheduler.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class TextConversationsAndFrontEnd : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Bookings made before the front end was recorded came through the web pages or the API; "Web" is the closest.
            migrationBuilder.AddColumn<string>(
                name: "FrontEnd",
                table: "Bookings",
                type: "character varying(8)",
                maxLength: 8,
                nullable: false,
                defaultValue: "Web");

            migrationBuilder.CreateTable(
                name: "InboundTexts",
                columns: table => new
                {
                    Sid = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    From = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Body = table.Column<string>(type: "character varying(480)", maxLength: 480, nullable: true),
                    ReceivedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Reply = table.Column<string>(type: "character varying(1600)", maxLength: 1600, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_InboundTexts", x => x.Sid);
                });

            migrationBuilder.CreateTable(
                name: "TextConversations",
                columns: table => new
                {
                    Phone = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Step = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Language = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    Offered = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: true),
                    Chosen = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TextConversations", x => x.Phone);
                });

            migrationBuilder.CreateIndex(
                name: "IX_InboundTexts_From_ReceivedAt",
                table: "InboundTexts",
                columns: new[] { "From", "ReceivedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "InboundTexts");

            migrationBuilder.DropTable(
                name: "TextConversations");

            migrationBuilder.DropColumn(
                name: "FrontEnd",
                table: "Bookings");
        }
    }
}
