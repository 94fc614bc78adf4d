<#
.SYNOPSIS
    Reads the cmdlet help markdown (docs/en-US/<Cmdlet>.md). Dot-sourced by New-MamlHelp.ps1, which turns it into
    MAML, and by tests/Pester/Help.Tests.ps1, which runs every example and compares what it prints.
.DESCRIPTION
    An example is a "### Title" under "## EXAMPLES" holding one ```powershell fence (the code), optionally followed by
    one ```output fence (what the code prints in an 80-column console: the output stream, then warnings and verbose
    messages with their WARNING:/VERBOSE: prefixes, as the console shows them), and prose. An example without an
    output fence prints nothing.
#>

function Split-MarkdownSections([string[]] $Lines, [string] $Prefix) {
    # Returns ordered name -> lines for headers that start with $Prefix ('## ' or '### '), ignoring fenced code.
    $sections = [ordered]@{}
    $current = $null
    $inFence = $false
    foreach ($line in $Lines) {
        if ($line -match '^```') { $inFence = -not $inFence }
        if (-not $inFence -and $line.StartsWith($Prefix) -and -not $line.StartsWith($Prefix + '#')) {
            $current = $line.Substring($Prefix.Length).Trim()
            $sections[$current] = [System.Collections.Generic.List[string]]::new()
            continue
        }
        if ($null -ne $current) { $sections[$current].Add($line) }
    }
    $sections
}

function Get-MarkdownExample {
    # The examples of one help file: Title, Code (one string), Output (string[], empty when the example prints
    # nothing) and Remarks (the prose lines).
    param([Parameter(Mandatory)] [string] $Path)
    $sections = Split-MarkdownSections (Get-Content -LiteralPath $Path) '## '
    if (-not $sections.Contains('EXAMPLES')) { throw "$Path has no EXAMPLES section." }
    $examples = Split-MarkdownSections $sections['EXAMPLES'] '### '
    foreach ($title in $examples.Keys) {
        $code = [System.Collections.Generic.List[string]]::new()
        $output = [System.Collections.Generic.List[string]]::new()
        $remarks = [System.Collections.Generic.List[string]]::new()
        $fence = $null
        $seen = @()
        foreach ($line in $examples[$title]) {
            if ($null -eq $fence -and $line -match '^```(\w*)\s*$') {
                $fence = $Matches[1]
                if ($fence -notin 'powershell', 'output') { throw "$Path example '$title': a fence must be powershell or output, not '$fence'." }
                if ($seen -contains $fence) { throw "$Path example '$title' has more than one $fence fence." }
                if ($fence -eq 'output' -and $seen -notcontains 'powershell') { throw "$Path example '$title': the output fence comes after the code." }
                $seen += $fence
                continue
            }
            if ($null -ne $fence -and $line -match '^```\s*$') { $fence = $null; continue }
            switch ($fence) {
                'powershell' { $code.Add($line) }
                'output' { $output.Add($line) }
                default { $remarks.Add($line) }
            }
        }
        if ($code.Count -eq 0) { throw "$Path example '$title' has no code." }
        [pscustomobject]@{ Title = $title; Code = $code -join "`n"; Output = $output.ToArray(); Remarks = $remarks.ToArray() }
    }
}

function Invoke-HelpExample {
    # Runs an example's code and returns what an 80-column console shows of it: the output stream, then warnings and
    # verbose messages with their prefix, without colour. Any error stops the example and is thrown.
    param([Parameter(Mandatory)] [string] $Code)
    $ErrorActionPreference = 'Stop'
    $rendering = $PSStyle.OutputRendering
    try {
        $PSStyle.OutputRendering = 'PlainText'
        & ([scriptblock]::Create($Code)) *>&1 | ForEach-Object {
            if ($_ -is [System.Management.Automation.VerboseRecord]) { "VERBOSE: $($_.Message)" }
            elseif ($_ -is [System.Management.Automation.WarningRecord]) { "WARNING: $($_.Message)" }
            elseif ($_ -is [System.Management.Automation.InformationRecord]) { "$($_.MessageData)" }
            else { $_ }
        } | Out-String -Width 80
    }
    finally { $PSStyle.OutputRendering = $rendering }
}

function ConvertTo-ComparableOutput {
    # What an example's output is compared by: each line without trailing white space and with runs of inner white
    # space as one space (column widths vary with the console), blank lines left out.
    param([AllowEmptyCollection()] [string[]] $Lines)
    foreach ($line in ($Lines -join "`n") -split '\r?\n') {
        $line = ($line -replace '\x1b\[[0-9;]*m', '').TrimEnd()
        if ($line -eq '') { continue }
        $indent = $line.Length - $line.TrimStart().Length
        $line.Substring(0, $indent) + ($line.Substring($indent) -replace '\s+', ' ')
    }
}
