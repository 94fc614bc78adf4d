# Why Pester: the completion a class gets for -Config must match what Get-Help New-Initializer lists for it, and that
# help is the MAML file of the built module. The completion itself is tested in the hosted xunit suite
# (tests/Initializers.PowerShell.Tests/TabCompletionTests.cs).
BeforeDiscovery {
    Import-Module $env:INITIALIZERS_MODULE -Force
    $script:Classes = Get-Initializer | Where-Object { $_.ConfigKeys.Count } | ForEach-Object { @{ Class = $_.ClassName } }
}

BeforeAll {
    . $PSScriptRoot/Common.ps1
    Import-Module $ModulePath -Force
    function Complete([string] $Line) {
        (TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches.CompletionText
    }
}

Describe 'Config completion' {
    It 'is listed in the help of New-Initializer for <Class>' -ForEach $Classes {
        $completion = @(Complete "New-Initializer $Class -Config ")[0]
        $help = (Get-Help New-Initializer -Parameter Config).description.Text -join "`n"
        $help | Should -Match ([regex]::Escape("- ${Class}: " + $completion.Substring(3, $completion.Length - 5)) + '(\r?\n|$)')
    }
}
