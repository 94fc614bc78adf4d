<#
.SYNOPSIS
    Generates the module's MAML help (en-US/Initializers.PowerShell.dll-Help.xml) from docs/en-US/<Cmdlet>.md.
.DESCRIPTION
    The markdown follows platyPS's layout (## SYNOPSIS, ## DESCRIPTION, ## EXAMPLES with ### Example N, a
    ```powershell fence and, when the example prints something, an ```output fence with what it prints (see
    HelpMarkdown.ps1; tests/Pester/Help.Tests.ps1 runs the code and compares), ## PARAMETERS with ### -Name, ## INPUTS, ## OUTPUTS, ## NOTES, ## RELATED LINKS), minus the
    per-parameter YAML blocks: parameter sets, types, positions, pipeline binding and aliases are read from the
    imported module itself, so they cannot drift. A parameter section may start with "Type: X" (the type to show,
    e.g. Int32[] for -Shape, which binds object[] to validate dimensions itself) and "Default: X".
    Fails if a cmdlet has no doc file, or a section, parameter description or example is missing.
    Run in a fresh pwsh (build.ps1 does): it imports the module.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $DocsPath,
    [Parameter(Mandatory)] [string] $OutputPath
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0

. (Join-Path $PSScriptRoot 'HelpMarkdown.ps1')
$module = Import-Module $ModulePath -PassThru -Force
# WhatIf and Confirm (present only with SupportsShouldProcess) are documented like any other parameter.
$common = [System.Management.Automation.PSCmdlet]::CommonParameters

function Get-Paragraphs([string[]] $Lines) {
    # Blank-line separated paragraphs; lines inside a paragraph are joined with spaces, list items kept apart.
    $paras = [System.Collections.Generic.List[string]]::new()
    $buffer = [System.Collections.Generic.List[string]]::new()
    foreach ($line in $Lines) {
        if ($line.Trim() -eq '' -or $line -match '^\s*[-*] ') {
            if ($buffer.Count) { $paras.Add(($buffer -join ' ').Trim()); $buffer.Clear() }
            if ($line.Trim() -ne '') { $buffer.Add($line.Trim()) }
            continue
        }
        $buffer.Add($line.Trim())
    }
    if ($buffer.Count) { $paras.Add(($buffer -join ' ').Trim()) }
    , $paras.ToArray()
}

function Format-TypeName([type] $Type) {
    if ($Type -eq [System.Management.Automation.SwitchParameter]) { return 'SwitchParameter' }
    $t = $Type
    $suffix = ''
    if ($t.IsArray) { $suffix = '[]'; $t = $t.GetElementType() }
    if ($t.IsGenericType -and $t.GetGenericTypeDefinition() -eq [Nullable`1]) { $t = $t.GetGenericArguments()[0] }
    $t.Name + $suffix
}

$settings = [System.Xml.XmlWriterSettings]::new()
$settings.Indent = $true
$settings.Encoding = [System.Text.UTF8Encoding]::new($false)
New-Item -ItemType Directory -Force (Split-Path $OutputPath) | Out-Null
$w = [System.Xml.XmlWriter]::Create($OutputPath, $settings)
$maml = 'http://schemas.microsoft.com/maml/2004/10'
$cmd = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
$dev = 'http://schemas.microsoft.com/maml/dev/2004/10'

function Write-Paras([string[]] $Paras) {
    foreach ($p in $Paras) { $w.WriteElementString('para', $maml, $p) }
}

$w.WriteStartDocument()
$w.WriteStartElement('helpItems', 'http://msh')
$w.WriteAttributeString('schema', 'maml')

foreach ($command in ($module.ExportedCmdlets.Values | Sort-Object Name)) {
    $file = Join-Path $DocsPath "$($command.Name).md"
    if (-not (Test-Path $file)) { throw "No help file $file for $($command.Name)." }
    $sections = Split-MarkdownSections (Get-Content $file) '## '
    foreach ($required in 'SYNOPSIS', 'DESCRIPTION', 'EXAMPLES', 'PARAMETERS') {
        if (-not $sections.Contains($required) -or -not (($sections[$required] -join '').Trim())) { throw "$file has no $required section." }
    }
    $paramDocs = Split-MarkdownSections $sections['PARAMETERS'] '### '
    if (-not @(Get-MarkdownExample $file).Count) { throw "$file has no example." }

    $parameters = $command.Parameters.Values | Where-Object { $common -notcontains $_.Name }
    $paramInfo = @{}
    foreach ($p in $parameters) {
        $key = "-$($p.Name)"
        if (-not $paramDocs.Contains($key)) { throw "$file does not describe parameter $key." }
        $lines = @($paramDocs[$key])
        $type = Format-TypeName $p.ParameterType
        $default = 'None'
        $rest = [System.Collections.Generic.List[string]]::new()
        foreach ($line in $lines) {
            if ($line -match '^Type:\s*(.+)$') { $type = $Matches[1].Trim(); continue }
            if ($line -match '^Default:\s*(.+)$') { $default = $Matches[1].Trim(); continue }
            $rest.Add($line)
        }
        $paras = Get-Paragraphs $rest
        if ($paras.Count -eq 0) { throw "$file has an empty description for $key." }
        $paramInfo[$p.Name] = @{ Type = $type; Default = $default; Paras = $paras; Meta = $p }
    }

    $verb, $noun = $command.Name -split '-', 2
    $w.WriteStartElement('command', 'command', $cmd)
    $w.WriteAttributeString('xmlns', 'maml', $null, $maml)
    $w.WriteAttributeString('xmlns', 'dev', $null, $dev)

    $w.WriteStartElement('details', $cmd)
    $w.WriteElementString('name', $cmd, $command.Name)
    $w.WriteElementString('verb', $cmd, $verb)
    $w.WriteElementString('noun', $cmd, $noun)
    $w.WriteStartElement('description', $maml); Write-Paras (Get-Paragraphs $sections['SYNOPSIS']); $w.WriteEndElement()
    $w.WriteEndElement()

    $w.WriteStartElement('description', $maml); Write-Paras (Get-Paragraphs $sections['DESCRIPTION']); $w.WriteEndElement()

    function Write-Parameter($info, $attr, [bool] $full) {
        $p = $info.Meta
        $pipeline = @()
        if ($attr.ValueFromPipeline) { $pipeline += 'ByValue' }
        if ($attr.ValueFromPipelineByPropertyName) { $pipeline += 'ByPropertyName' }
        $w.WriteStartElement('parameter', $cmd)
        $w.WriteAttributeString('required', ([string]$attr.Mandatory).ToLowerInvariant())
        $w.WriteAttributeString('variableLength', 'true')
        $globbing = [bool]($p.Attributes | Where-Object { $_ -is [System.Management.Automation.SupportsWildcardsAttribute] })
        $w.WriteAttributeString('globbing', ([string]$globbing).ToLowerInvariant())
        $w.WriteAttributeString('pipelineInput', $(if ($pipeline) { "True ($($pipeline -join ', '))" } else { 'False' }))
        $w.WriteAttributeString('position', $(if ($attr.Position -ge 0) { [string]$attr.Position } else { 'named' }))
        $w.WriteAttributeString('aliases', $(if ($p.Aliases.Count) { $p.Aliases -join ', ' } else { 'none' }))
        $w.WriteElementString('name', $maml, $p.Name)
        $w.WriteStartElement('description', $maml); Write-Paras $info.Paras; $w.WriteEndElement()
        if ($p.ParameterType -ne [System.Management.Automation.SwitchParameter]) {
            $w.WriteStartElement('parameterValue', $cmd)
            $w.WriteAttributeString('required', 'true')
            $w.WriteAttributeString('variableLength', 'false')
            $w.WriteString($info.Type)
            $w.WriteEndElement()
        }
        $w.WriteStartElement('type', $dev); $w.WriteElementString('name', $maml, $info.Type); $w.WriteEndElement()
        if ($full) { $w.WriteElementString('defaultValue', $dev, $info.Default) }
        $w.WriteEndElement()
    }

    $w.WriteStartElement('syntax', $cmd)
    foreach ($set in $command.ParameterSets) {
        $w.WriteStartElement('syntaxItem', $cmd)
        $w.WriteElementString('name', $maml, $command.Name)
        $setParams = $set.Parameters | Where-Object { $common -notcontains $_.Name } |
            Sort-Object @{ E = { if ($_.Position -ge 0) { $_.Position } else { 1000 } } }, @{ E = { -not $_.IsMandatory } }
        foreach ($sp in $setParams) {
            $attr = @{ Mandatory = $sp.IsMandatory; Position = $sp.Position; ValueFromPipeline = $sp.ValueFromPipeline; ValueFromPipelineByPropertyName = $sp.ValueFromPipelineByPropertyName }
            Write-Parameter $paramInfo[$sp.Name] $attr $false
        }
        $w.WriteEndElement()
    }
    $w.WriteEndElement()

    $w.WriteStartElement('parameters', $cmd)
    foreach ($p in $parameters) {
        $a = $p.ParameterSets.Values | Select-Object -First 1
        $attr = @{ Mandatory = $a.IsMandatory; Position = $a.Position; ValueFromPipeline = $a.ValueFromPipeline; ValueFromPipelineByPropertyName = $a.ValueFromPipelineByPropertyName }
        Write-Parameter $paramInfo[$p.Name] $attr $true
    }
    $w.WriteEndElement()

    foreach ($pair in @(@('INPUTS', 'inputTypes', 'inputType'), @('OUTPUTS', 'returnValues', 'returnValue'))) {
        if (-not $sections.Contains($pair[0])) { continue }
        $w.WriteStartElement($pair[1], $cmd)
        $types = Split-MarkdownSections $sections[$pair[0]] '### '
        foreach ($t in $types.Keys) {
            $w.WriteStartElement($pair[2], $cmd)
            $w.WriteStartElement('type', $dev); $w.WriteElementString('name', $maml, $t); $w.WriteEndElement()
            $w.WriteStartElement('description', $maml); Write-Paras (Get-Paragraphs $types[$t]); $w.WriteEndElement()
            $w.WriteEndElement()
        }
        $w.WriteEndElement()
    }

    if ($sections.Contains('NOTES')) {
        $w.WriteStartElement('alertSet', $maml)
        $w.WriteStartElement('alert', $maml); Write-Paras (Get-Paragraphs $sections['NOTES']); $w.WriteEndElement()
        $w.WriteEndElement()
    }

    $w.WriteStartElement('examples', $cmd)
    foreach ($example in Get-MarkdownExample $file) {
        $w.WriteStartElement('example', $cmd)
        $w.WriteElementString('title', $maml, "-------------------------- $($example.Title) --------------------------")
        $w.WriteElementString('code', $dev, $example.Code)
        $w.WriteStartElement('remarks', $dev)
        # The output keeps its lines (Get-Help shows a paragraph's line breaks); the prose is re-flowed.
        if ($example.Output.Count) { $w.WriteElementString('para', $maml, ($example.Output -join "`n")) }
        Write-Paras (Get-Paragraphs $example.Remarks)
        $w.WriteEndElement()
        $w.WriteEndElement()
    }
    $w.WriteEndElement()

    if ($sections.Contains('RELATED LINKS')) {
        $w.WriteStartElement('relatedLinks', $cmd)
        foreach ($line in $sections['RELATED LINKS']) {
            if ($line -match '^\[(?<text>[^\]]+)\]\((?<uri>[^)]*)\)') {
                $w.WriteStartElement('navigationLink', $maml)
                $w.WriteElementString('linkText', $maml, $Matches.text)
                $w.WriteElementString('uri', $maml, $Matches.uri)
                $w.WriteEndElement()
            }
        }
        $w.WriteEndElement()
    }

    $w.WriteEndElement()
}

$w.WriteEndElement()
$w.WriteEndDocument()
$w.Dispose()
Write-Host "Help: $OutputPath"
