using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;

namespace Initializers.PowerShell.Tests
{
    /// <summary>A host that answers every PromptForChoice (what -Confirm asks) with one answer and records each prompt,
    /// and records what is written to it (the "What if:" lines of -WhatIf).</summary>
    public sealed class PromptHost : PSHost
    {
        private readonly PromptUI ui;

        /// <param name="answer">The label of the choice to pick, without its '&amp;': Yes, No, Yes to All, No to All.</param>
        public PromptHost(string answer) => ui = new PromptUI(answer);

        /// <summary>Each prompt's caption and message, in order.</summary>
        public IReadOnlyList<(string Caption, string Message)> Prompts => ui.Prompts;

        /// <summary>The lines written to the host.</summary>
        public IReadOnlyList<string> Lines => ui.Lines;

        public override string Name => "PromptHost";

        public override Version Version => new(1, 0);

        public override Guid InstanceId { get; } = Guid.NewGuid();

        public override PSHostUserInterface UI => ui;

        public override CultureInfo CurrentCulture => CultureInfo.InvariantCulture;

        public override CultureInfo CurrentUICulture => CultureInfo.InvariantCulture;

        public override void SetShouldExit(int exitCode)
        {
        }

        public override void EnterNestedPrompt() => throw new NotSupportedException();

        public override void ExitNestedPrompt() => throw new NotSupportedException();

        public override void NotifyBeginApplication()
        {
        }

        public override void NotifyEndApplication()
        {
        }

        private sealed class PromptUI : PSHostUserInterface
        {
            private readonly string answer;
            private readonly List<(string Caption, string Message)> prompts = new();
            private readonly List<string> lines = new();
            private string pending = "";

            public PromptUI(string answer) => this.answer = answer;

            public IReadOnlyList<(string Caption, string Message)> Prompts => prompts;

            public IReadOnlyList<string> Lines => lines;

            public override PSHostRawUserInterface? RawUI => null;

            public override int PromptForChoice(string caption, string message, Collection<ChoiceDescription> choices, int defaultChoice)
            {
                prompts.Add((caption, message));
                for (var i = 0; i < choices.Count; i++)
                {
                    if (choices[i].Label.Replace("&", "", StringComparison.Ordinal) == answer)
                    {
                        return i;
                    }
                }

                throw new InvalidOperationException($"No choice '{answer}' in the prompt '{message}'.");
            }

            public override Dictionary<string, PSObject> Prompt(string caption, string message, Collection<FieldDescription> descriptions) => throw new NotSupportedException();

            public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName) => throw new NotSupportedException();

            public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName, PSCredentialTypes allowedCredentialTypes, PSCredentialUIOptions options) => throw new NotSupportedException();

            public override string ReadLine() => throw new NotSupportedException();

            public override SecureString ReadLineAsSecureString() => throw new NotSupportedException();

            public override void Write(string value) => pending += value;

            public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value) => pending += value;

            public override void WriteLine(string value)
            {
                lines.Add(pending + value);
                pending = "";
            }

            public override void WriteErrorLine(string value) => lines.Add(value);

            public override void WriteDebugLine(string message) => lines.Add(message);

            public override void WriteProgress(long sourceId, ProgressRecord record)
            {
            }

            public override void WriteVerboseLine(string message) => lines.Add(message);

            public override void WriteWarningLine(string message) => lines.Add(message);
        }
    }
}
